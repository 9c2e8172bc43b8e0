// Self-test of tests/e2e/harness.mjs against a hand-written throwaway MV3 extension.
// Deliberately NOT named *.test.mjs so `npm run test:e2e` (node --test tests/e2e/) skips it.
//
// Run:  node tests/e2e/harness.selftest.mjs
//       HARK_PROBE_EXT=/path/to/probe-ext node tests/e2e/harness.selftest.mjs
//
// The probe extension (default /tmp/hark-probe-ext) must provide:
//   sw.js        action.onClicked -> chrome.sidePanel.open({tabId}), self.log, self.setBehavior(bool),
//                self.ensureOffscreen() (USER_MEDIA offscreen.html), onMessage {type:'ping'} -> {pong, startedAt}
//   offscreen.js window.probe.micRms(ms) -> { label, max, series } (getUserMedia + AnalyserNode RMS)
//   sidepanel.html/.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  ensureSpeechWav,
  evalInExtensionTarget,
  getServiceWorker,
  launchBrowser,
  setMicPermission,
  startServiceWorker,
  listExtensionContexts,
  listTargets,
  stopServiceWorkers,
  triggerAction,
  waitFor,
  waitForTarget,
} from './harness.mjs';

const EXT = process.env.HARK_PROBE_EXT || '/tmp/hark-probe-ext';
const PAGE = 'data:text/html,<title>Article</title><h1>An article</h1>';

/** Parse the canonical 44-byte WAV header. @param {string} file */
function wavInfo(file) {
  const b = fs.readFileSync(file);
  const fmt = b.indexOf('fmt ');
  const data = b.indexOf('data');
  const channels = b.readUInt16LE(fmt + 10);
  const sampleRate = b.readUInt32LE(fmt + 12);
  const bits = b.readUInt16LE(fmt + 22);
  const dataBytes = b.readUInt32LE(data + 4);
  return { channels, sampleRate, bits, seconds: dataBytes / (sampleRate * channels * (bits / 8)) };
}

test('waitFor returns the truthy value and names what it awaited on timeout', async () => {
  let n = 0;
  assert.equal(await waitFor(() => ++n >= 3 && 'ok', { interval: 10 }), 'ok');
  await assert.rejects(waitFor(() => false, { timeout: 100, interval: 10, what: 'the moon' }), /the moon/);
  await assert.rejects(
    waitFor(() => { throw new Error('boom'); }, { timeout: 100, interval: 10, what: 'x' }),
    /last error: boom/,
  );
});

test('ensureSpeechWav makes a 48 kHz mono s16 WAV with padding', () => {
  const wav = ensureSpeechWav();
  assert.ok(wav.startsWith('/') && wav.includes('/tests/e2e/.cache/'), wav);
  const info = wavInfo(wav);
  assert.deepEqual([info.sampleRate, info.channels, info.bits], [48000, 1, 16]);
  assert.ok(info.seconds > 2.3 && info.seconds < 5, `duration ${info.seconds}`);
  assert.equal(ensureSpeechWav(), wav, 'cached path is stable');
});

test('toolbar click opens the side panel; side panel + offscreen eval; fake mic has speech', async (t) => {
  const wav = ensureSpeechWav();
  const b = await launchBrowser({ extensionPath: EXT, wav });
  t.after(() => b.close());
  const { ctx, sw, extensionId } = b;
  assert.match(extensionId, /^[a-p]{32}$/);
  assert.equal(await sw.evaluate(() => chrome.runtime.getManifest().manifest_version), 3);

  // Two tabs; click the action for the first (background) one.
  const page = await ctx.newPage();
  await page.goto(PAGE);
  const other = await ctx.newPage();
  await other.goto('data:text/html,other');

  const { tabTargetId } = await triggerAction(ctx, extensionId, page);
  // Map the CDP tab target to chrome.tabs via its strip index (no "tabs" permission → no titles).
  const tabTarget = (await listTargets(ctx, { includeTabs: true })).find((x) => x.targetId === tabTargetId);
  assert.equal(tabTarget?.url, PAGE);
  const stripIndex = /** @type {any} */ (tabTarget).embedderData.tabStripIndex;
  const tabIdOfPage = await sw.evaluate(async (i) => (await chrome.tabs.query({ index: i }))[0]?.id, stripIndex);
  const log = await waitFor(() => sw.evaluate(() => self.log.length >= 2 && self.log), { what: 'onClicked + sidePanel.open in SW log' });
  assert.equal(log[0].ev, 'onClicked');
  assert.equal(log[0].tabId, tabIdOfPage, 'onClicked got the tab of `page`');
  assert.deepEqual(log[1], { ev: 'sidePanel.open', ok: true });

  const panel = await waitForTarget(ctx, 'sidepanel.html', 5000);
  assert.equal(panel.type, 'page');
  assert.ok(!ctx.pages().some((p) => p.url().includes('sidepanel.html')), 'Playwright does not list the panel');
  const inPanel = await evalInExtensionTarget(
    ctx,
    'sidepanel.html',
    `(async () => ({ href: location.href, width: innerWidth, vis: document.visibilityState,
                     loaded: typeof window.panelLoadedAt, title: document.querySelector('h1').textContent,
                     storage: (await chrome.storage.local.get('events')).events?.length ?? 0 }))()`,
  );
  assert.equal(inPanel.href, `chrome-extension://${extensionId}/sidepanel.html`);
  assert.equal(inPanel.width, 360);
  assert.equal(inPanel.vis, 'visible');
  assert.equal(inPanel.loaded, 'number');
  assert.equal(inPanel.title, 'side panel');
  await assert.rejects(evalInExtensionTarget(ctx, 'sidepanel.html', 'nope()'), /nope is not defined/);

  // Offscreen document + fake microphone playing the speech WAV.
  assert.equal(await sw.evaluate(() => self.ensureOffscreen()), 'created');
  await waitForTarget(ctx, 'offscreen.html');
  const contexts = await listExtensionContexts(sw);
  assert.deepEqual(contexts.map((c) => c.contextType).sort(), ['BACKGROUND', 'OFFSCREEN_DOCUMENT', 'SIDE_PANEL']);
  // One capture longer than the 3.64 s file: speech early, then silence (no loop thanks to %noloop).
  const mic = await evalInExtensionTarget(ctx, 'offscreen.html', 'window.probe.micRms(5500)', { timeout: 15_000 });
  assert.equal(mic.error, undefined, mic.error);
  assert.equal(mic.label, 'Fake Default Audio Input');
  assert.equal(mic.settings.sampleRate, 48000);
  const speech = Math.max(...mic.series.slice(0, 60)); // first 3 s (50 ms steps)
  const tail = Math.max(...mic.series.slice(84)); // after 4.2 s: a looping file would speak again
  assert.ok(speech > 0.01, `speech RMS ${speech} (series ${mic.series})`);
  assert.ok(tail < 0.005, `silence after the file ended (noloop), got ${tail} (series ${mic.series})`);
  const firstLoud = mic.series.findIndex((x) => x > 0.01) * 50;
  // A new capture after the previous track was stopped replays the file from the start.
  const again = await evalInExtensionTarget(ctx, 'offscreen.html', 'window.probe.micRms(1500)');
  t.diagnostic(
    `speech max RMS ${speech.toFixed(3)} (first >0.01 at ~${firstLoud} ms), tail max ${tail}; ` +
      `second getUserMedia max RMS ${again.max.toFixed(3)} (file restarts per capture)`,
  );

  // Service-worker kill + restart (wake by a runtime message from the real side panel).
  const before = await sw.evaluate(() => self.startedAt);
  await stopServiceWorkers(ctx, page);
  const pong = await evalInExtensionTarget(ctx, 'sidepanel.html', `chrome.runtime.sendMessage({ type: 'ping' })`);
  assert.equal(pong.pong, true);
  assert.ok(pong.startedAt > before, 'worker restarted with fresh globals');
  assert.equal(await sw.evaluate(() => self.startedAt), pong.startedAt, 'same Worker handle, new instance');
  assert.equal(await getServiceWorker(ctx, extensionId), sw);
  // Wake without a message.
  await stopServiceWorkers(ctx);
  await startServiceWorker(ctx, extensionId, page);
  const third = await waitFor(() => sw.evaluate(() => self.startedAt), { timeout: 5000, what: 'SW restart via startWorker' });
  assert.ok(third > pong.startedAt);
});

test('setPanelBehavior({openPanelOnActionClick:true}) + triggerAction toggles the panel, no onClicked', async (t) => {
  const b = await launchBrowser({ extensionPath: EXT });
  t.after(() => b.close());
  const { ctx, sw, extensionId } = b;
  await sw.evaluate(() => self.setBehavior(true));
  const page = await ctx.newPage();
  await page.goto(PAGE);
  await triggerAction(ctx, extensionId, page);
  await waitForTarget(ctx, 'sidepanel.html', 5000);
  assert.equal(await evalInExtensionTarget(ctx, 'sidepanel.html', 'innerWidth'), 360);
  assert.deepEqual(await sw.evaluate(() => self.log), [], 'onClicked does not fire');
  await triggerAction(ctx, extensionId, page); // second click closes it
  await waitFor(async () => !(await listTargets(ctx)).some((x) => x.url.includes('sidepanel.html')), {
    what: 'side panel to close on second click',
    timeout: 5000,
  });
});

test('grantMic:false → getUserMedia in the offscreen document is not allowed; CDP grant fixes it', async (t) => {
  const b = await launchBrowser({ extensionPath: EXT, wav: ensureSpeechWav(), grantMic: false });
  t.after(() => b.close());
  await b.sw.evaluate(() => self.ensureOffscreen());
  const r = await evalInExtensionTarget(b.ctx, 'offscreen.html', 'window.probe.micRms(200)');
  assert.match(r.error ?? '', /^NotAllowedError/);
  t.diagnostic(r.error);
  await setMicPermission(b.ctx, b.extensionId);
  const ok = await evalInExtensionTarget(b.ctx, 'offscreen.html', 'window.probe.micRms(1500)');
  assert.equal(ok.error, undefined, ok.error);
  assert.ok(ok.max > 0.01, `RMS after CDP grant ${ok.max}`);
});
