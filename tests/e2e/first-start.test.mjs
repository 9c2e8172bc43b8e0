// @ts-check
// A first start against a server that is not there fails at once, with Retry and Open settings;
// only a session that was live reconnects (issue 17, defect 3).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { triggerAction, waitFor } from './harness.mjs';
import { startHark, waitForPanel } from './support.mjs';
import { ensureSilentWav, offscreenCount, openPanelTab, sessionRecord, useLocalServer } from './fault-support.mjs';

/** A loopback port nobody listens on (the OS handed it out, and it was closed again). */
async function deadPort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (probe.address()).port;
  await new Promise((resolve) => probe.close(() => resolve(undefined)));
  return port;
}

describe('a first start that never connected', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {Awaited<ReturnType<typeof createRealtimeServer>> | null} */ let late = null;
  /** @type {import('playwright-core').Page} */ let tab;

  before(async () => {
    h = await startHark({ via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    tab = await openPanelTab(h.b.ctx, h.b.extensionId);
  });

  after(async () => {
    await late?.close();
    await h?.close();
  });

  const statusText = () => tab.locator('.status-label').textContent();

  it('nothing listening: an error with Retry and Open settings, no retry loop; the server started, Retry → live', async () => {
    const port = await deadPort();
    await useLocalServer(h.b.sw, `http://127.0.0.1:${port}`);
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    const panel = await waitForPanel(h.b.ctx, (p) => p.status === 'error', 'the failed start shown');
    assert.match(panel.error ?? '', new RegExp(`Could not reach .*127\\.0\\.0\\.1:${port}`));
    const rec = await sessionRecord(tab);
    // The old behaviour went to "reconnecting" with a retry timer; now the start ends where it failed.
    assert.equal(rec.state.status, 'error');
    assert.equal(rec.state.error.reason, 'network');
    assert.equal(rec.retries, 0, 'no reconnect attempt was scheduled');
    assert.equal(await offscreenCount(tab), 0, 'no offscreen document left to run a retry timer or hold the microphone');
    const buttons = await tab.locator('.error button').allTextContents();
    assert.deepEqual(buttons, ['Retry', 'Open settings']);

    const [options] = await Promise.all([
      h.b.ctx.waitForEvent('page', { predicate: (p) => p.url().includes('/options.html') }),
      tab.locator('.error button', { hasText: 'Open settings' }).click(),
    ]);
    await options.close();

    late = await createRealtimeServer({ port, control: true });
    await tab.locator('.error button', { hasText: 'Retry' }).click();
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live after Retry');
    assert.equal(late.state.http.counts['POST /v1/realtime/client_secrets']?.[200], 1, 'one mint on the late server');
  });

  it('a live session whose server is killed says "Connection lost — retrying, N of 10" and recovers', async () => {
    // Its own live session, on the suite's server (independent of the test above).
    const running = ['connecting', 'live', 'reconnecting', 'requesting-mic'].includes((await sessionRecord(tab))?.state.status);
    if (running) await tab.locator('.controls button.primary').click();
    await waitForPanel(h.b.ctx, (p) => p.status === 'idle' || p.status === 'error', 'stopped');
    await useLocalServer(h.b.sw, h.server.url);
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live');
    const port = h.server.port;
    await h.server.close();
    const shown = await waitFor(async () => {
      const text = await statusText();
      return /^Connection lost — retrying, \d+ of 10$/.test(text ?? '') ? text : null;
    }, { what: '"Connection lost" in the status line' });
    h.server = await createRealtimeServer({ port, control: true });
    const back = Date.now();
    await waitFor(async () => {
      const r = await sessionRecord(tab);
      return r.state.status === 'live' && r.state.since >= back ? r : null;
    }, { timeout: 30_000, what: 'live again after the restart' });
    console.log(`[first-start] while the server was down the status said: ${shown}`);
  });
});
