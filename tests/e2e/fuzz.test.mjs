// @ts-check
// Malformed and hostile server input, fuzzed into a live session over the real data channel
// (the local server's /_control/send writes raw frames). Hark must log and carry on: no uncaught
// error in the offscreen document or the side panel, the session stays up, and it still works.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAction, waitFor } from './harness.mjs';
import { readPanel, startHark, waitForPanel } from './support.mjs';
import { ensureLive } from './session-steps.mjs';
import {
  collectedErrors, control, ensureSilentWav, openPanelTab, sessionRecord, useLocalServer, waitForAssistant, watchErrors,
} from './fault-support.mjs';
import { fuzzCases } from './fuzz-cases.mjs';


describe('malformed and hostile server events', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b;
  /** @type {import('playwright-core').Page} */ let tab;

  before(async () => {
    h = await startHark({ server: { timing: { deltaMs: 2, wordMs: 30 } }, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    ({ server, b } = h);
    const page = h.page;
    tab = await openPanelTab(b.ctx, b.extensionId);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
    await watchErrors(b.ctx, 'offscreen.html');
    await watchErrors(b.ctx, 'sidepanel.html');
  });

  after(() => h?.close());

  it('400 fuzzed frames: logged and ignored, no crash, the session goes on', async () => {
    const cases = fuzzCases(400, 7);
    const call = server.state.calls.find((c) => !c.closed);
    let sent = 0;
    for (let i = 0; i < cases.length; i += 20) {
      const res = await control(server, 'send', { frames: cases.slice(i, i + 20) });
      sent += res.sent;
    }
    // The frames were all delivered before this marker; then the session must still answer.
    await control(server, 'say', { text: 'Still fine after the fuzz.' });
    await waitForAssistant(tab, 'Still fine after the fuzz.');
    const offscreenErrors = await collectedErrors(b.ctx, 'offscreen.html');
    const panelErrors = await collectedErrors(b.ctx, 'sidepanel.html');
    const rec = await sessionRecord(tab);
    console.log(
      `[fault] fuzz: ${sent}/${cases.length} malformed frames delivered; uncaught errors: offscreen ${offscreenErrors.length}, side panel ${panelErrors.length}; ` +
        `session ${rec.state.status}, ${call.closed ? 'call LOST' : 'same call'}, replies still work`,
    );
    assert.deepEqual(offscreenErrors, []);
    assert.deepEqual(panelErrors, []);
    assert.equal(rec.state.status, 'live');
    assert.equal(call.closed, false);
  });

  it('oversized frames: 256 KiB (the largest Chrome accepts) is handled; 1 MB never crashes anything', async () => {
    await ensureLive(b, h.page); // whatever the fuzz test before left
    const call = server.state.calls.find((c) => !c.closed);
    const big = { prefix: '{"type":"response.output_text.delta","item_id":"big_item","response_id":"resp_big","delta":"', fill: 'a', suffix: '"}' };
    const r1 = await control(server, 'send', { frames: [{ ...big, size: 256 * 1024 - 64 }] });
    await control(server, 'say', { text: 'Fine after a big frame.' });
    await waitForAssistant(tab, 'Fine after a big frame.');
    const survived256 = !call.closed;
    // 1 MB: more than Chrome's advertised max-message-size; a hostile server sends it anyway.
    const callsBefore = server.state.calls.length;
    const r2 = await control(server, 'send', { frames: [{ ...big, size: 1024 * 1024 + 16 }], ignoreMaxMessageSize: true });
    await control(server, 'say', { text: 'Fine after a huge frame.' }).catch(() => null);
    // Either the channel survived, or Chrome refused the message and Hark reconnected: both fine.
    const outcome = await waitFor(
      async () => {
        const p = await readPanel(b.ctx);
        if (p.messages.some((m) => m.role === 'assistant' && m.text.includes('Fine after a huge frame.'))) return 'channel survived';
        if (server.state.calls.length > callsBefore && p.status === 'live') return 'channel closed by Chrome, reconnected';
        return null;
      },
      { timeout: 20_000, what: 'the session after a 1 MB frame' },
    );
    const offscreenErrors = await collectedErrors(b.ctx, 'offscreen.html').catch(() => ['offscreen document gone']);
    const panelErrors = await collectedErrors(b.ctx, 'sidepanel.html');
    console.log(
      `[fault] oversized frames: 256 KiB ${r1.sent ? 'delivered' : 'refused'}, session ${survived256 ? 'unaffected' : 'LOST'}; ` +
        `1 MB ${r2.sent ? 'sent' : `refused (${r2.failed[0]})`} → ${outcome}; uncaught errors: ${offscreenErrors.length + panelErrors.length}`,
    );
    assert.ok(survived256);
    assert.deepEqual(panelErrors, []);
  });
});
