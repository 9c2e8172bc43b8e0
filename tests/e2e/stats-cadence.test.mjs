// @ts-check
// How often the offscreen document reads whole getStats() reports (lib/voice/stats-cadence.ts):
// five times a second while a side panel on screen shows the levels, once a second when none
// does. Each report is a few hundred objects; read for nobody, they only grew the renderer's
// memory (npm run bench, memory). Real headless Chromium, the built extension, the local server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evalInExtensionTarget, findTarget, waitFor } from './harness.mjs';
import { openPanelTab, startHark } from './support.mjs';
import { ensureLive } from './session-steps.mjs';

const WINDOW_MS = 5_000;

describe('stats cadence follows whether a panel is on screen', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;

  /** getStats() reads the offscreen document starts in WINDOW_MS (counted at the prototype, which every read goes through). */
  const readsInWindow = () =>
    evalInExtensionTarget(
      h.b.ctx,
      'offscreen.html',
      `(async () => {
        const g = globalThis;
        if (!g.__statsReads) {
          g.__statsReads = 0;
          const original = RTCPeerConnection.prototype.getStats;
          RTCPeerConnection.prototype.getStats = function (...a) { g.__statsReads++; return original.apply(this, a); };
        }
        const start = g.__statsReads;
        await new Promise((r) => setTimeout(r, ${WINDOW_MS}));
        return g.__statsReads - start;
      })()`,
      { timeout: WINDOW_MS + 10_000 },
    );

  before(async () => {
    h = await startHark({ via: 'storage', page: 'article.html' });
  });
  after(() => h?.close());

  it('fast with the side panel open, once a second with it closed, fast again in a panel tab, and the call stays up', async () => {
    await ensureLive(h.b, h.page); // the toolbar click opens the real side panel
    const call = h.server.state.calls.at(-1);
    const watched = await readsInWindow();

    // The user closes the side panel ("stop when the side panel closes" is off by default).
    await h.b.sw.evaluate(async () => {
      const c = /** @type {any} */ (globalThis).chrome;
      const [t] = await c.tabs.query({ active: true, lastFocusedWindow: true });
      await c.sidePanel.close({ windowId: t.windowId });
    });
    await waitFor(async () => !(await findTarget(h.b.ctx, 'sidepanel.html').catch(() => undefined)), { what: 'the side panel closed' });
    // A panel's word lasts 5 s (DEFAULT_CADENCE.watchTtlMs): let it run out.
    await new Promise((r) => setTimeout(r, 5_500));
    const unwatched = await readsInWindow();

    const tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await tab.bringToFront();
    const again = await readsInWindow();

    console.log(`[stats] reads per ${WINDOW_MS / 1000} s: side panel open ${watched}, no panel ${unwatched}, panel tab ${again}`);
    // No panel: at most one report a second (the liveness watch shares telemetry's), however busy the machine.
    assert.ok(unwatched <= WINDOW_MS / 1000 + 1, `no panel on screen: ${unwatched} reads in ${WINDOW_MS} ms`);
    assert.ok(unwatched >= 1, 'the liveness watch and the connection grade still read');
    // Watched: nominally 25; on a loaded machine fewer, but clearly more than unwatched.
    assert.ok(watched > unwatched * 2, `side panel open: ${watched} reads vs ${unwatched} with none`);
    assert.ok(again > unwatched * 2, `panel tab: ${again} reads vs ${unwatched} with none`);
    assert.equal(call.closed, false, 'closing the panel did not end the call');
    assert.equal(h.server.state.calls.at(-1), call, 'the same call throughout');
  });
});
