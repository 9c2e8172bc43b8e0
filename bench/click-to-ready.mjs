// @ts-check
/**
 * 1. Click-to-ready, side by side in one browser against one server, interleaved run by run:
 *
 * - hark:  CDP Extensions.triggerAction (a real toolbar click) → the offscreen document has
 *          received the first event carrying the page instructions (`session.created` when the key
 *          was minted with them, else `session.updated`; the page title is checked on the server) and
 *          reported "live" to the service worker (time-stamped there by a listener the benchmark
 *          adds through CDP; a few ms after the offscreen document's own receipt; nothing is
 *          injected into the offscreen document, whose start-up is on the measured path).
 *          Also: click → the side panel shows "live" (what the user sees).
 *          Two kinds of click: warm (side panel open, the last conversation's document on standby:
 *          every start after the first) and cold (no panel, no document: the first of a session).
 * - limit: getUserMedia + a bare RTCPeerConnection handshake in an extension tab, session.update
 *          at channel open, ready at the first event carrying the instructions, as Hark
 *          (bench/lib/baseline-flow.mjs).
 * - seed:  the same, instructions sent 2 s after connecting (the seed's flow).
 * - floor: the least a first click costs in Hark's architecture: the limit's handshake run by a
 *          new offscreen document while a blank side panel opens, both begun by one user gesture
 *          with nothing open before (bench/lib/first-click-floor.mjs). Hark's first click is
 *          compared with it as well as with the limit.
 *
 * Start marks: Hark's is when the click is sent (Node clock); the references' is the first line
 * of their script (page clock). Both are the same system clock (offset measured, ~0).
 */
import { referenceFlow } from './lib/baseline-flow.mjs';
import {
  TITLE, clockOffset, hasOffscreen, launchHark, startServer, targetSession, waitFor, watchPanelStatus,
} from './lib/setup.mjs';
import { FLOOR_TAB, extensionWithFloorPages, floorRun, prepareFloorTab } from './lib/first-click-floor.mjs';
import { listExtensionContexts } from '../tests/e2e/harness.mjs';
import { round, roundAll, sleep, summarize } from './lib/stats.mjs';

const SEED_DELAY_MS = 2000;

/** @param {string} p @param {Record<string, number>} o */
const prefixed = (p, o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k, v]));

/** @param {{ extensionPath: string, runs: number, log: (s: string) => void }} o */
export async function benchClickToReady(o) {
  const copy = extensionWithFloorPages(o.extensionPath);
  try {
    return await measureClicks({ ...o, extensionPath: copy.path });
  } finally {
    copy.remove();
  }
}

/** @param {{ extensionPath: string, runs: number, log: (s: string) => void }} o */
async function measureClicks({ extensionPath, runs, log }) {
  const srv = await startServer();
  const h = await launchHark({ extensionPath, serverUrl: srv.server.url });
  const ctx = h.b.ctx;
  /** @type {Awaited<ReturnType<typeof watchPanelStatus>> | null} */
  let panel = null;
  /** Records, in the service worker, when the offscreen document reports "live" (the end mark). */
  await h.b.sw.evaluate(() => {
    const B = { list: /** @type {number[]} */ ([]), waiters: /** @type {((t: number) => void)[]} */ ([]) };
    /** @type {any} */ (globalThis).__benchLive = B;
    // @ts-ignore chrome in the service worker
    chrome.runtime.onMessage.addListener((/** @type {any} */ m) => {
      if (m?.type !== 'bg:connectionEvent' || m.data?.event?.kind !== 'live') return;
      const t = performance.timeOrigin + performance.now();
      B.list.push(t);
      for (const w of B.waiters.splice(0)) w(t);
    });
  });
  /** One awaited evaluation in the worker, resolved by the listener: nothing polls during a run. */
  const nextLive = () =>
    h.b.sw.evaluate(
      (timeout) =>
        new Promise((resolve) => {
          const B = /** @type {any} */ (globalThis).__benchLive;
          if (B.list.length) return resolve(B.list[0]);
          B.waiters.push(resolve);
          setTimeout(() => resolve(null), timeout);
        }),
      20_000,
    );

  /**
   * Cold: the first click of a browsing session (no side panel, no offscreen document; the click
   * opens the panel and Chromium creates the document). Warm: the side panel is open and the last
   * conversation's document is on standby (hung up, no microphone), as after any stop.
   */
  /** @param {string} what */
  const nothingOpen = (what) =>
    waitFor(async () => !(await listExtensionContexts(h.b.sw)).some((c) => c.contextType === 'OFFSCREEN_DOCUMENT' || c.contextType === 'SIDE_PANEL'), {
      timeout: 10_000, interval: 20, what,
    });
  const closePanelWatch = async () => {
    await panel?.close();
    panel = null;
  };
  const makeCold = async () => {
    await closePanelWatch();
    await h.b.sw.evaluate(async () => {
      // @ts-ignore chrome in the service worker
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      // @ts-ignore
      await chrome.sidePanel.close({ windowId: tab.windowId }).catch(() => {});
      // @ts-ignore
      await chrome.offscreen.closeDocument().catch(() => {});
    });
    await nothingOpen('side panel and offscreen document closed');
    await sleep(100);
  };
  /** After a stop: the call is hung up and the standby document holds no microphone or connection. */
  const released = async () => {
    if (!(await hasOffscreen(h.b.sw))) return true;
    const doc = await targetSession(h.b.browser, '/offscreen.html');
    const m = await doc.evaluate('globalThis.harkDebug.media()').finally(() => doc.close());
    return m.liveTracks === 0 && m.openPeers === 0;
  };

  const harkRun = async (/** @type {boolean} */ cold) => {
    if (cold) await makeCold();
    const warmDoc = await hasOffscreen(h.b.sw);
    await h.b.sw.evaluate(() => void (/** @type {any} */ (globalThis).__benchLive.list.length = 0));
    await h.article.bringToFront();
    const n = srv.calls().length;
    const t0 = await h.click();
    const ready = /** @type {number | null} */ (await nextLive());
    if (ready == null) throw new Error('Hark did not report "live" within 20 s');
    const live = panel ? await panel.when('live', t0) : NaN;
    // The session.updated that made it live carried the page (checked on the server, after the fact).
    const c = srv.calls()[n];
    const e = c?.serverEvents.find((/** @type {any} */ x) => x.type === 'session.updated' && String(x.session?.instructions).includes(TITLE));
    if (!e) throw new Error('no session.updated carrying the page title');
    const update = c.clientEvents.find((/** @type {any} */ x) => x.type === 'session.update');
    const secret = srv.server.state.clientSecrets.at(-1);
    // Hark's own stage marks (worker, then offscreen document), read after the run is measured.
    // A standby document's load marks are from an earlier click: only this click's are kept.
    const since = (/** @type {Record<string, number>} */ marks) =>
      Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, v - t0]).filter(([, v]) => Number(v) >= -1));
    const worker = since(await h.b.sw.evaluate(() => /** @type {any} */ (globalThis).harkDebug.startMarks()));
    const doc = await targetSession(h.b.browser, '/offscreen.html');
    const offscreen = since(await doc.evaluate('globalThis.harkDebug.connectMarks()'));
    await doc.close();
    const stages = {
      ...prefixed('sw.', worker),
      keyMinted: Date.parse(secret.createdAt) - t0,
      ...prefixed('doc.', offscreen),
      offerReceived: srv.at(c) - t0,
      sessionUpdateReceived: srv.at(update) - t0,
      sessionUpdatedSent: srv.at(e) - t0,
    };
    // Stop, and wait until everything is released before the next run.
    const t1 = await h.click();
    if (panel) await panel.when('idle', t1);
    await waitFor(() => c.closed, { timeout: 10_000, interval: 20, what: 'call hung up' });
    await waitFor(released, { timeout: 10_000, interval: 50, what: 'microphone and connection released' });
    // A cold click opened a new side panel: watch it from now on.
    if (!panel) panel = await watchPanelStatus(h.b.browser);
    if (cold === warmDoc) throw new Error(`a ${cold ? 'cold' : 'warm'} run found ${warmDoc ? 'a' : 'no'} document on standby`);
    return { ms: ready - t0, panelLiveMs: live - t0, stages };
  };

  // Warm-up (not counted): opens the side panel, and shows what Hark sends in session.update.
  const warm = await harkRun(true);
  log(`  click-to-ready: warm-up run ${warm.ms.toFixed(0)} ms`);
  const harkUpdate = srv.calls().at(-1).clientEvents.find((/** @type {any} */ x) => x.type === 'session.update');

  const refPage = await ctx.newPage();
  await refPage.goto(`chrome-extension://${h.b.extensionId}/options.html`);
  const offset = await clockOffset((expr) => refPage.evaluate(expr));
  /** @param {number} delay */
  const refArgs = (delay) => ({
    base: srv.server.url,
    // The same session Hark asks for, and the same session.update it sends.
    session: { ...harkUpdate.session, model: 'gpt-realtime' },
    update: { type: 'session.update', session: harkUpdate.session },
    delayAfterConnectMs: delay,
  });
  /** @param {number} delay */
  const refRun = async (delay) => {
    await refPage.bringToFront();
    const n = srv.calls().length;
    const r = await refPage.evaluate(referenceFlow, refArgs(delay));
    if (!r.ok) throw new Error('reference flow: session.updated did not carry the instructions');
    await waitFor(() => srv.calls()[n]?.closed, { timeout: 5000, interval: 20 }).catch(() => {});
    return { ms: r.marks.updated - r.marks.start, stages: flowStages(r.marks, r.marks.start, srv.calls()[n]) };
  };
  /**
   * The reference flow's stages, ms after `start`, with the server's marks for its call on the
   * page's clock. @param {Record<string, number>} m @param {number} start @param {any} call
   */
  const flowStages = (m, start, call) => {
    const serverAt = (/** @type {any} */ e) => srv.at(e) + offset.offset - start;
    return {
      mic: m.mic - start,
      keyMinted: m.key - start,
      offerReceived: serverAt(call),
      connected: m.connected - start,
      channelOpen: m.open - start,
      sessionUpdateSent: m.sent - start,
      sessionUpdatedSent: serverAt(call.serverEvents.find((/** @type {any} */ e) => e.type === 'session.updated')),
    };
  };
  await refRun(0); // warm-up

  // The floor is started from its own tab, whose side panel is the blank page.
  const floorPage = await ctx.newPage();
  await floorPage.goto(`chrome-extension://${h.b.extensionId}/${FLOOR_TAB}`);
  const floorTab = await targetSession(h.b.browser, FLOOR_TAB);
  const floorTabId = await prepareFloorTab(floorTab);
  const floorFlow = async () => {
    await makeCold();
    await floorPage.bringToFront();
    const n = srv.calls().length;
    const r = await floorRun(floorTab, floorTabId, refArgs(0));
    if (r.error || !r.ok) throw new Error(`floor: ${r.error ?? 'the first event did not carry the instructions'}`);
    const call = srv.calls()[n];
    await waitFor(() => call?.closed, { timeout: 5000, interval: 20 }).catch(() => {});
    await nothingOpen('floor: side panel and offscreen document closed');
    return { ms: r.marks.updated - r.t0, stages: { scriptStart: r.scriptStart - r.t0, ...flowStages(r.marks, r.t0, call) } };
  };
  await floorFlow(); // warm-up
  await harkRun(true); // back to the state a warm click expects (side panel open, document on standby)

  /** @typedef {'limit'|'seed'|'hark'|'harkCold'|'floor'} Flow */
  /** @type {Record<Flow, any[]>} */
  const res = { limit: [], seed: [], hark: [], harkCold: [], floor: [] };
  /** @type {Record<Flow, () => Promise<any>>} */
  const flows = { limit: () => refRun(0), seed: () => refRun(SEED_DELAY_MS), hark: () => harkRun(false), harkCold: () => harkRun(true), floor: floorFlow };
  // The floor leaves nothing open, which only a cold click expects: one always follows it (and
  // leaves the side panel open with a document on standby for a warm click).
  /** @type {Flow[][]} */
  const orders = [
    ['limit', 'seed', 'hark', 'floor', 'harkCold'],
    ['seed', 'floor', 'harkCold', 'limit', 'hark'],
    ['hark', 'limit', 'floor', 'harkCold', 'seed'],
    ['floor', 'harkCold', 'hark', 'seed', 'limit'],
  ];
  for (let i = 0; i < runs; i++) {
    for (const name of orders[i % orders.length]) {
      res[name].push(await flows[name]());
      await sleep(100);
    }
    if ((i + 1) % 5 === 0) log(`  click-to-ready: ${i + 1}/${runs} rounds`);
  }
  await refPage.close();
  await floorTab.close();
  await closePanelWatch();
  await h.close();
  await srv.server.close();

  /** @param {any[]} list @param {string} key */
  const stageMedians = (list, key = 'stages') => {
    const keys = [...new Set(list.flatMap((x) => Object.keys(x[key])))];
    return Object.fromEntries(keys.map((k) => [k, round(summarize(list.map((x) => x[key][k]).filter(Number.isFinite)).p50, 1)]));
  };
  const ms = (/** @type {any[]} */ list) => roundAll(summarize(list.map((x) => x.ms)), 1);
  /** @param {(list: any[]) => any} f @param {Flow[]} [names] */
  const perFlow = (f, names = /** @type {Flow[]} */ (Object.keys(res))) => Object.fromEntries(names.map((k) => [k, f(res[k])]));
  const hark = ms(res.hark);
  const cold = ms(res.harkCold);
  const limit = ms(res.limit);
  const floor = ms(res.floor);
  const seed = ms(res.seed);
  return {
    runs,
    clockOffsetMs: round(offset.offset, 2),
    hark: { ...hark, panelLive: roundAll(summarize(res.hark.map((x) => x.panelLiveMs)), 1), stageMediansMs: stageMedians(res.hark) },
    harkCold: { ...cold, stageMediansMs: stageMedians(res.harkCold) },
    limit: { ...limit, stageMediansMs: stageMedians(res.limit) },
    floor: { ...floor, stageMediansMs: stageMedians(res.floor) },
    seed: { ...seed, stageMediansMs: stageMedians(res.seed) },
    ratios: {
      harkOverLimitP50: round(hark.p50 / limit.p50, 2),
      harkOverLimitP95: round(hark.p95 / limit.p95, 2),
      coldOverLimitP50: round(cold.p50 / limit.p50, 2),
      coldOverLimitP95: round(cold.p95 / limit.p95, 2),
      coldOverFloorP50: round(cold.p50 / floor.p50, 2),
      coldOverFloorP95: round(cold.p95 / floor.p95, 2),
      floorOverLimitP50: round(floor.p50 / limit.p50, 2),
      seedOverLimitP50: round(seed.p50 / limit.p50, 2),
      harkOverSeedP50: round(hark.p50 / seed.p50, 2),
    },
    raw: perFlow((list) => list.map((x) => round(x.ms, 1))),
    // Per run, to see which stage a slow run lost its time in (the tail behind the p95).
    rawStagesMs: perFlow((list) => list.map((x) => roundAll(x.stages, 1)), ['hark', 'harkCold', 'limit', 'floor']),
  };
}
