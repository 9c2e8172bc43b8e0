// @ts-check
// Server outages that do not announce themselves. Missed server events: a server that stops
// talking without closing anything (the Realtime protocol has no heartbeat, so Hark watches the
// link's traffic and probes with a read of a missing item, lib/session/liveness.ts). And a server
// that is down for a while: Hark's backoff has grown long by the time it is back, so Hark watches
// the origin and retries as soon as it answers. Each test prints its figure as a `[fault]` line;
// times are measured and printed, never asserted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { evalInExtensionTarget, triggerAction, waitFor } from './harness.mjs';
import { startHark, waitForPanel } from './support.mjs';
import { ensureLive } from './session-steps.mjs';
import { control, ensureSilentWav, openPanelTab, sendTyped, sessionRecord, sleep, useLocalServer, waitForAssistant } from './fault-support.mjs';

const FAST = { deltaMs: 2, wordMs: 30 };
const probes = (b) => evalInExtensionTarget(b.ctx, 'offscreen.html', 'harkDebug.probes()');
const gaps = (panel) => panel.messages.filter((m) => m.role === 'notice' && /reconnected/i.test(m.text)).length;

describe('server outages that do not announce themselves', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b;
  /** @type {import('playwright-core').Page} */ let tab;

  before(async () => {
    h = await startHark({ server: { timing: FAST }, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    ({ server, b } = h);
    const page = h.page;
    tab = await openPanelTab(b.ctx, b.extensionId);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
  });

  after(() => h?.close());

  /** Waits until Hark is live on a call other than `call`; returns when it left live and when it was back. */
  async function recovery(call, t0) {
    const left = await waitFor(async () => {
      const r = await sessionRecord(tab);
      return r.state.status !== 'live' ? Date.now() : null;
    }, { timeout: 30_000, interval: 20, what: 'Hark notices the server went quiet' });
    const rec = await waitFor(async () => {
      const r = await sessionRecord(tab);
      return r.state.status === 'live' && r.state.since > t0 ? r : null;
    }, { timeout: 20_000, interval: 20, what: 'live again' });
    const next = server.state.calls.find((c) => c !== call && !c.closed && c.sessionHistory.length > 1);
    assert.ok(next, 'a new call carries the session');
    return { noticedMs: left - t0, liveMs: rec.state.since - t0, next };
  }

  it('a healthy, quiet session is never probed; a muted one only rarely', async () => {
    const call = server.state.calls.at(-1);
    // Proving an absence takes a wait: 6 s of silence is more than twice the quiet threshold.
    await sleep(6_000);
    const idle = await probes(b);
    await tab.getByRole('button', { name: 'Mute' }).click();
    await sleep(6_000);
    const muted = (await probes(b)) - idle;
    await tab.getByRole('button', { name: 'Unmute' }).click();
    console.log(`[fault] liveness on a healthy link: ${idle} probes in 6 s of silence, ${muted} in 6 s muted; same call throughout: ${!call.closed}`);
    assert.equal(idle, 0);
    assert.ok(!call.closed, 'the call was never dropped');
    assert.equal(server.state.calls.length, 1, 'no reconnect');
  });

  it('server silent (no events, no audio, no ICE answers): noticed in seconds, reconnected, transcript kept', async () => {
    await ensureLive(b, h.page); // whatever the test before left (a failed recovery, say)
    await sendTyped(tab, 'Before the silence');
    await waitForAssistant(tab, 'Before the silence');
    const call = server.state.calls.find((c) => !c.closed);
    const t0 = Date.now();
    await control(server, 'drop', { callId: call.id, mode: 'silent' });
    const { noticedMs, liveMs } = await recovery(call, t0);
    const panel = await waitForPanel(b.ctx, (p) => gaps(p) >= 1, 'a gap marker');
    console.log(
      `[fault] silent server: noticed after ${(noticedMs / 1000).toFixed(2)} s (ICE alone: ~10 s), live again ${(liveMs / 1000).toFixed(2)} s after the drop`,
    );
    assert.ok(panel.messages.some((m) => m.text.includes('Before the silence')));
  });

  it('server hung with its network stack alive: the unanswered message leads to a probe, a reconnect, and its answer', async () => {
    await ensureLive(b, h.page);
    const call = server.state.calls.find((c) => !c.closed);
    await control(server, 'drop', { callId: call.id, mode: 'stall' });
    const t0 = Date.now();
    await sendTyped(tab, 'Are you still there?');
    // Shown at once, marked as not yet received by the server.
    await tab.locator('.msg-user', { hasText: 'Are you still there? (sending…)' }).waitFor();
    const { noticedMs, liveMs, next } = await recovery(call, t0);
    const probe = call.clientEvents.find((e) => e.event_id === 'hark_probe');
    const replayed = await waitFor(() => {
      const items = next.clientEvents.filter((e) => e.type === 'conversation.item.create').map((e) => e.item.content?.[0]?.text);
      return items.includes('Are you still there?') ? items : null;
    }, { what: 'the unanswered message is replayed to the new session' });
    // What the user sees: their message never vanished, and the new session answers it.
    await waitForAssistant(tab, 'Are you still there?');
    await tab.locator('.msg-user', { hasText: 'Are you still there?' }).filter({ hasNotText: 'sending' }).waitFor();
    console.log(
      `[fault] hung server (transport alive): probe sent, unanswered; noticed ${(noticedMs / 1000).toFixed(2)} s after the user's message, ` +
        `live again after ${(liveMs / 1000).toFixed(2)} s; ${replayed.length} items replayed and the message answered`,
    );
    assert.ok(probe, 'the stalled server received the probe');
    assert.deepEqual(probe, { type: 'conversation.item.retrieve', item_id: 'hark_probe', event_id: 'hark_probe' }, 'the probe only reads (a missing item)');
    await waitFor(() => call.closed, { what: 'the hung call was hung up' });
  });

  it('server down for 5 s: found again as soon as it is back, not at the next backoff step', async () => {
    await ensureLive(b, h.page);
    const port = server.port;
    await server.close();
    const down = Date.now();
    // Let the backoff grow: by now the next attempt is seconds away.
    await sleep(5_000);
    const before = await sessionRecord(tab);
    server = h.server = await createRealtimeServer({ port, timing: FAST, control: true });
    const back = Date.now();
    const rec = await waitFor(async () => {
      const r = await sessionRecord(tab);
      return r.state.status === 'live' && r.state.since >= back ? r : null;
    }, { timeout: 30_000, interval: 20, what: 'live again after the outage' });
    const nextAt = before.state.status === 'reconnecting' ? before.state.nextAt : null;
    console.log(
      `[fault] server down ${((back - down) / 1000).toFixed(1)} s: live again ${((rec.state.since - back) / 1000).toFixed(2)} s after it was back ` +
        `(attempt ${before.state.attempt ?? '?'}; the backoff alone would have waited until ${nextAt ? `${((nextAt - back) / 1000).toFixed(2)} s after` : 'n/a'})`,
    );
    assert.ok(['reconnecting', 'connecting'].includes(before.state.status), `still reconnecting while the server was down: ${before.state.status}`);
  });
});
