// Defect 10: `npm run demo` and `npm run server` on a busy port say so and how to pick another
// port, instead of a stack trace; the demo finds out before it spends a minute building.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { localServerRecipe, portInUseMessage } from '../../server/startup.mjs';

let blocker: net.Server;
let port = 0;

beforeAll(async () => {
  blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  port = (blocker.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: String(port) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a busy port', () => {
  for (const [script, command] of [
    ['scripts/demo.mjs', 'npm run demo'],
    ['server/main.mjs', 'npm run server'],
  ] as const) {
    it(`${command}: one message with the fix, exit 1, no stack trace`, async () => {
      const r = await run(script);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${port} is already in use`);
      expect(r.stderr).toContain(`PORT=${port + 1} ${command}`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toContain('EADDRINUSE');
      expect(r.stdout).not.toContain('Building');
    });
  }

  it('other errors are not mistaken for a busy port; the recipe names the Local server mode', () => {
    expect(portInUseMessage(new Error('boom'), 1, 'x')).toBeNull();
    expect(localServerRecipe('http://127.0.0.1:8787').join(' ')).toContain('"Local server"');
  });
});
