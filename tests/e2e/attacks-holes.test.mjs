// @ts-check
// Issue 14 §6 in real Chromium. (1) A hostile page title and a hostile message go through a real
// conversation into the side panel's Markdown export, which must show them as text.
// (2) Attacks on the local Realtime server's test control API from real web pages. A page the user happens to have open tries to read /_control/state (which
// lists every call's events) or to steer the server: cross-origin with CORS, blind no-cors
// POSTs (which CORS alone would not stop), and DNS rebinding (a name of the attacker's that
// resolves to 127.0.0.1, so the page is same-origin with the server). Server-side variants of
// the same attacks, and those on the token server and the Markdown export, are unit tests
// (tests/server/control.test.ts, tests/server/token-policy-attacks.test.ts,
// tests/lib/history-export-attacks.test.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { triggerAction } from './harness.mjs';
import { ensureSilentWav, sendTyped, waitForAssistant } from './fault-support.mjs';
import { startHark, waitForPanel } from './support.mjs';

const HOSTILE_TITLE = '<img src=x onerror=alert(1)> # [click](javascript:alert(1)) ![](http://tracker.example/t.png)';
const HOSTILE_MESSAGE = '<script>alert(1)</script>\n# Heading\n```\n| a | b |\n[x](javascript:alert(2)) <http://evil.example/>';

/** Lines of an exported Markdown file that would render as something other than text. */
function liveMarkdown(md) {
  return md.split('\n').filter((line, i) =>
    (line.includes('<') && !/^- Page: <http:\/\/127\.0\.0\.1:\d+\/article\.html>$/.test(line)) ||
    /(^|[^\\])\]\(/.test(line) || /(^|[^\\])!\[/.test(line) ||
    (i > 0 && /^(#|```|~~~|>|\||\s{4})/.test(line)));
}

/** Chromium resolves this name to 127.0.0.1: the rebinding attacker's DNS, already re-pointed. */
const REBOUND = 'rebind.evil.test';

describe('Markdown export and control API vs. hostile pages in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {Awaited<ReturnType<typeof createRealtimeServer>>} */ let off;

  before(async () => {
    // The control API switched on (as every e2e suite does) and a server as `npm run demo` starts it.
    h = await startHark({ via: 'storage', page: 'article.html', browser: { wav: ensureSilentWav(), args: [`--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`] } });
    off = await createRealtimeServer();
  });
  after(async () => {
    await h?.close();
    await off?.close();
  });

  it('a hostile page title and message come out of the Markdown export as plain text', async () => {
    const { b, page } = h;
    await page.evaluate((t) => (document.title = t), HOSTILE_TITLE);
    const panel = await b.ctx.newPage();
    await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live');
    await sendTyped(panel, HOSTILE_MESSAGE);
    await waitForAssistant(panel, 'evil.example');
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
    await panel.getByRole('button', { name: /^History/ }).click();
    await panel.getByRole('button', { name: /^Open: / }).first().click();
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export Markdown' }).click()]);
    const md = fs.readFileSync(/** @type {string} */ (await download.path()), 'utf8');
    assert.match(download.suggestedFilename(), /^hark-[0-9-]+-[a-z0-9-]+\.md$/);
    const live = liveMarkdown(md);
    for (const line of live) console.log(`live: ${line}`);
    console.log(`[attack] exported Markdown lines that render as HTML, links or structure: ${live.length} of ${md.split('\n').length}`);
    assert.equal(live.length, 0);
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the title is there, as text');
    assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the message is there, as text');
    await panel.close();
  });

  /** Whether a mint on the server is answered normally (no failure was injected by the page). */
  const mintsNormally = async () => {
    const res = await fetch(`${h.server.url}/v1/realtime/client_secrets`, { method: 'POST', body: JSON.stringify({ session: { type: 'realtime' } }) });
    return res.status === 200;
  };

  /** Runs `fetch` in the page; resolves to what the page could read, or null when it could not. */
  const pageFetch = (page, url, init = {}) =>
    page.evaluate(
      async ({ url, init }) => {
        try {
          const res = await fetch(url, init);
          if (res.type === 'opaque') return null; // no-cors: sent, but nothing readable
          return { status: res.status, body: await res.text() };
        } catch {
          return null; // refused by CORS
        }
      },
      { url, init },
    );

  it('a page cannot read or steer /_control, cross-origin, blind or rebound', async () => {
    const page = h.page;
    const on = h.server.url;
    const failure = JSON.stringify({ path: 'client_secrets', status: 418 });
    /** Each: [what, did the attacker get an answer or an effect?] */
    const results = [];
    const readable = (r) => r !== null && (r.status < 400 || /clientSecrets|failNext/.test(r.body));

    results.push(['cors GET state (control on)', readable(await pageFetch(page, `${on}/_control/state`))]);
    results.push(['cors GET state (control off)', readable(await pageFetch(page, `${off.url}/_control/state`))]);
    results.push(['cors GET state via localhost', readable(await pageFetch(page, `${on.replace('127.0.0.1', 'localhost')}/_control/state`))]);
    await pageFetch(page, `${on}/_control/fail-next`, { method: 'POST', mode: 'no-cors', body: failure });
    results.push(['blind no-cors POST fail-next', !(await mintsNormally())]);
    await pageFetch(page, `${on}/_control/fail-next`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: failure });
    results.push(['blind no-cors POST fail-next (text/plain)', !(await mintsNormally())]);

    // DNS rebinding: the attacker's page is now same-origin with the server and can read answers.
    const rebound = await h.b.ctx.newPage();
    await rebound.goto(`http://${REBOUND}:${h.server.port}/healthz`);
    const same = await pageFetch(rebound, '/_control/state');
    assert.ok(same, 'the rebound page reads same-origin answers (the attack is real)');
    results.push(['rebound same-origin GET state', readable(same)]);
    await pageFetch(rebound, '/_control/fail-next', { method: 'POST', body: failure });
    results.push(['rebound same-origin POST fail-next', !(await mintsNormally())]);
    await rebound.close();

    const answered = results.filter(([, got]) => got);
    for (const [what] of answered) console.log(`answered: ${what}`);
    console.log(`[attack] control API answered to an outsider (Chromium pages): ${answered.length} of ${results.length}`);
    assert.equal(answered.length, 0);
  });

  it('the tests still reach it from node, and the extension still reaches the API', async () => {
    const state = await fetch(`${h.server.url}/_control/state`);
    assert.equal(state.status, 200);
    assert.equal(state.headers.get('access-control-allow-origin'), null, 'no CORS on /_control');
    // The OpenAI-like routes stay CORS-open: the page (like the extension) may call them.
    const health = await pageFetch(h.page, `${h.server.url}/healthz`);
    assert.equal(health?.status, 200);
  });
});
