// @ts-check
// How the offscreen document gets the meters' levels and the connection grade
// (lib/voice/stats-cadence.ts, entrypoints/offscreen/level-taps.ts): one whole getStats() report
// a second, panel or not; the levels five times a second from Web Audio taps on the call's tracks,
// whose AudioContext runs only while a panel on screen watches; where Web Audio is missing, a
// report at the meters' rate instead. Each report is a few hundred objects: read five times a
// second for nobody, they only grew the renderer (npm run bench, memory). Real headless Chromium,
// the built extension, the local server, speech from the fake microphone.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureSpeechWav, evalInExtensionTarget, findTarget, waitFor } from './harness.mjs';
import { closeSidePanel, extensionCopy, openPanelTab, startHark } from './support.mjs';
import { ensureLive } from './session-steps.mjs';

const WINDOW_MS = 5_000;
const speech = () => ({ wav: ensureSpeechWav(), noloop: false });

/**
 * getStats() reads the offscreen document starts in WINDOW_MS, and the AudioContext's last
 * resume/suspend (both counted at the prototype, which every call goes through).
 * @param {Awaited<ReturnType<typeof startHark>>} h
 */
const offscreenWindow = (h) =>
  evalInExtensionTarget(
    h.b.ctx,
    'offscreen.html',
    `(async () => {
      const g = globalThis;
      if (!g.__statsReads) {
        g.__statsReads = 0;
        const original = RTCPeerConnection.prototype.getStats;
        RTCPeerConnection.prototype.getStats = function (...a) { g.__statsReads++; return original.apply(this, a); };
        if (typeof AudioContext === 'function') {
          for (const m of ['resume', 'suspend']) {
            const f = AudioContext.prototype[m];
            AudioContext.prototype[m] = function (...a) { g.__audio = m; return f.apply(this, a); };
          }
        }
      }
      const start = g.__statsReads;
      await new Promise((r) => setTimeout(r, ${WINDOW_MS}));
      return { reads: g.__statsReads - start, audio: g.__audio ?? null };
    })()`,
    { timeout: WINDOW_MS + 10_000 },
  );

/** The panel tab's microphone meter moves with the fake microphone's speech. @param {import('playwright-core').Page} tab */
const micMeterMoves = (tab) =>
  waitFor(async () => Number(await tab.getByRole('meter', { name: 'Microphone level' }).getAttribute('aria-valuenow')) > 5, {
    what: 'the microphone meter moves with speech',
    timeout: 15_000,
  });

describe('stats and levels: one report a second, levels from Web Audio while a panel watches', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  before(async () => {
    h = await startHark({ via: 'storage', page: 'article.html', browser: speech() });
  });
  after(() => h?.close());

  it('the meters move from the taps, one report a second with or without a panel, Web Audio stops with no panel, the call stays up', async () => {
    await ensureLive(h.b, h.page); // the toolbar click opens the real side panel
    const call = h.server.state.calls.at(-1);
    const tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await micMeterMoves(tab);
    const watched = await offscreenWindow(h);

    await tab.close();
    // "Stop when the side panel closes" is off by default.
    await closeSidePanel(h.b.sw);
    await waitFor(async () => !(await findTarget(h.b.ctx, 'sidepanel.html').catch(() => undefined)), { what: 'the side panel closed' });
    // A panel's word lasts 5 s (DEFAULT_CADENCE.watchTtlMs): let it run out.
    await new Promise((r) => setTimeout(r, 5_500));
    const unwatched = await offscreenWindow(h);

    const again = await openPanelTab(h.b.ctx, h.b.extensionId);
    await micMeterMoves(again);
    const back = await offscreenWindow(h);

    console.log(`[stats] per ${WINDOW_MS / 1000} s — panels open: ${watched.reads} reads; none: ${unwatched.reads} (Web Audio ${unwatched.audio}); a panel again: ${back.reads} (Web Audio ${back.audio})`);
    // At most one report a second (the liveness watch shares telemetry's), however busy the machine.
    for (const w of [watched, unwatched, back]) assert.ok(w.reads >= 1 && w.reads <= WINDOW_MS / 1000 + 1, `${w.reads} reads in ${WINDOW_MS} ms`);
    assert.equal(unwatched.audio, 'suspend', 'no panel on screen: the AudioContext is suspended');
    assert.equal(back.audio, 'resume', 'a panel again: the AudioContext runs');
    assert.equal(call.closed, false, 'closing the panels did not end the call');
    assert.equal(h.server.state.calls.at(-1), call, 'the same call throughout');
  });
});

describe('without Web Audio in the offscreen document, the levels come from reports at the meters’ rate', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {ReturnType<typeof extensionCopy>} */ let copy;
  before(async () => {
    copy = extensionCopy();
    // A script before Hark's own that takes AudioContext away (as a browser without Web Audio would).
    fs.writeFileSync(path.join(copy.path, 'no-web-audio.js'), 'globalThis.AudioContext = undefined;\n');
    const html = path.join(copy.path, 'offscreen.html');
    fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace('<script src="/offscreen.js">', '<script src="/no-web-audio.js"></script><script src="/offscreen.js">'));
    h = await startHark({ via: 'storage', page: 'article.html', browser: speech(), extensionPath: copy.path });
  });
  after(async () => {
    await h?.close();
    copy?.remove();
  });

  it('five reports a second while a panel watches, and the meters still move', async () => {
    await ensureLive(h.b, h.page);
    const tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await micMeterMoves(tab);
    const watched = await offscreenWindow(h);
    console.log(`[stats] no Web Audio: ${watched.reads} reads per ${WINDOW_MS / 1000} s with panels open`);
    // Nominally 25; fewer on a loaded machine, but clearly above the once-a-second rate.
    assert.ok(watched.reads > 2 * (WINDOW_MS / 1000 + 1), `${watched.reads} reads in ${WINDOW_MS} ms`);
  });
});
