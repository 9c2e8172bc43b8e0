// Issue 17, defect 10: one way to use the local server. The README, `npm run server`, `npm run demo`
// and the options page all say the same recipe: start it with `npm run server`, choose Connection →
// "Local server", keep http://127.0.0.1:8787, no key. The old recipes ("set Server URL to …, leave
// the API key empty") must not come back in any of them.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { localServerRecipe } from '../../server/startup.mjs';

const read = (file: string) => fs.readFileSync(path.join(process.cwd(), file), 'utf8');
/** What the old recipes said: the key left empty, or the Server URL of the OpenAI mode pointed at the local server. */
const OLD_RECIPE = /leave the API key empty|empty for the local server|(?<!Local )Server URL:?\s*(to\s*)?`?(\$\{[^}]*\}|http:\/\/127\.0\.0\.1)/i;

let child: ChildProcess | undefined;
afterAll(() => void child?.kill());

/** `npm run server`'s first lines, on a port the OS picks. */
function serverBanner(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, ['server/main.mjs'], { env: { ...process.env, PORT: '0', HARK_SERVER_API_KEY: '' } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 10_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Control API')) {
        clearTimeout(timer);
        resolve(out);
      }
    });
  });
}

describe('the local server recipe, said the same everywhere', () => {
  it('README: every mention of the local address goes with the Local server mode', () => {
    const readme = read('README.md');
    const paragraphs = readme.split(/\n\s*\n|\n\s*- /).filter((p) => p.includes('127.0.0.1:8787'));
    expect(paragraphs.length).toBeGreaterThan(0);
    for (const p of paragraphs) {
      expect(p, p).toMatch(/Connection → \*Local server\*/);
      expect(p, p).toContain('npm run server');
    }
    expect(readme).not.toMatch(OLD_RECIPE);
  });

  it('the options page hint names the same command and address', () => {
    const en = JSON.parse(read('public/_locales/en/messages.json')) as Record<string, { message: string }>;
    const hint = en.options_connection_localHint!.message;
    expect(hint).toContain('npm run server');
    expect(hint).toContain('http://127.0.0.1:8787');
    expect(hint).not.toMatch(OLD_RECIPE);
  });

  it('npm run server prints the Local server recipe, not a Server URL and an empty key', async () => {
    const banner = await serverBanner();
    expect(banner).toContain('Connection → "Local server"');
    expect(banner).toContain('No key is needed.');
    expect(banner).not.toMatch(OLD_RECIPE);
    expect(localServerRecipe('http://127.0.0.1:8787').join(' ')).toContain('http://127.0.0.1:8787');
  });

  it('npm run demo prints the same recipe and sets Hark to the Local server mode', () => {
    const demo = read('scripts/demo.mjs');
    expect(demo).toContain('localServerRecipe(server.url)');
    expect(demo).toContain("mode: 'local'");
    expect(demo).not.toMatch(OLD_RECIPE);
  });
});
