// @ts-check
/**
 * 8. Memory over a long session (`BENCH_ONLY=memory`): the extension renderer's RSS and JS heap
 * while Hark holds a live conversation (side panel open) for `seconds` of wall-clock time, against
 * a bare extension page holding the same call (voice-cpu.mjs's `holdBareCall`: microphone track,
 * `oai-events` channel, the reply played through an <audio> element; nothing drawn, no stats).
 *
 * The arms run AT THE SAME TIME, each in its own browser with its own local server, so they share
 * the machine's load and the same wall-clock minutes (memory cannot be compressed: the microphone
 * streams and the timers fire in real time). Every `everyS` seconds the server speaks a ~26-word
 * reply, with audio, on every arm's call (a real session's pace: one exchange per 15 s).
 *
 * RSS is the extension renderer's (bench/lib/process-memory.mjs), sampled every `sampleS`
 * seconds; start and end are taken after a forced GC. Growth is end − start; the steady rate is
 * the least-squares slope over the last three quarters (warm-up left out).
 *
 * Extra arms for finding where memory goes (`BENCH_MEMORY_ARMS`, comma-separated) run Hark with
 * one part switched off, in a private copy of the build (nothing in Hark's code knows about them):
 *   nostats      getStats() answers an empty report (telemetry and the liveness probe read nothing)
 *   notelemetry  the offscreen document broadcasts no telemetry (the side panel's meters stay still)
 *   nopanel      the side panel is closed once live (no transcript, no meters drawn)
 *   nocheckpoint the offscreen document sends the worker no transcript checkpoints
 *   nouimessage  the offscreen document sends no `ui:message` (the transcript's deltas) to the panel
 *   barestats, barestats1hz  the bare call reading whole getStats() reports 5 times or once a second
 *   before       Hark from another build (`BENCH_MEMORY_BEFORE=<dir>`, e.g. the previous commit's), for a
 *                before/after in the same run
 */
import fs from 'node:fs';
import path from 'node:path';
import { extensionWithFloorPages } from './lib/first-click-floor.mjs';
import { extensionRendererMemory } from './lib/process-memory.mjs';
import { allocatorGrowth, extensionRendererAllocators, liveNativeBytes } from './lib/memory-infra.mjs';
import { launchHark, startServer, targetSession, waitFor, watchPanelStatus } from './lib/setup.mjs';
import { round, sleep } from './lib/stats.mjs';
import { holdBareCall } from './voice-cpu.mjs';
import { closeSidePanel } from '../tests/e2e/support.mjs';

/** Scripts run in the offscreen document before Hark's own (first script in offscreen.html). */
const PATCHES = /** @type {Record<string, string>} */ ({
  nostats: 'RTCPeerConnection.prototype.getStats = function () { return Promise.resolve(new Map()); };',
  notelemetry: 'BroadcastChannel.prototype.postMessage = function () {};',
  nocheckpoint: dropMessages('bg:checkpoint'),
  nouimessage: dropMessages('ui:message'),
});

/** A patch that drops the offscreen document's runtime messages of one type (@webext-core/messaging's envelope). @param {string} type */
function dropMessages(type) {
  return `{ const send = chrome.runtime.sendMessage.bind(chrome.runtime);
chrome.runtime.sendMessage = function (m, ...rest) { return m && m.type === ${JSON.stringify(type)} ? Promise.resolve(undefined) : send(m, ...rest); }; }`;
}
const REPLY = Array.from({ length: 26 }, (_, i) => ['tide', 'pools', 'hold', 'anemones', 'crabs', 'and', 'algae'][i % 7]).join(' ');

/** A private copy of the build (with the blank page), patched for `arm`. @param {string} extensionPath @param {string} arm */
function buildFor(extensionPath, arm) {
  const ext = extensionWithFloorPages(extensionPath);
  const patch = PATCHES[arm];
  if (patch) {
    fs.writeFileSync(path.join(ext.path, 'bench-patch.js'), `${patch}\n`);
    const html = path.join(ext.path, 'offscreen.html');
    fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace('<script src="/offscreen.js">', '<script src="/bench-patch.js"></script><script src="/offscreen.js">'));
  }
  return ext;
}

/** V8's heap (used and reserved) and Blink's own (DOM and other C++ objects: Oilpan). @param {any} u */
const heapFigures = (u) => ({ jsHeapUsedBytes: u.usedSize, jsHeapTotalBytes: u.totalSize, embedderHeapUsedBytes: u.embedderHeapUsedSize ?? null });

/** @param {{ extensionPath: string, arm: string, timing: { wordMs: number, deltaMs: number } }} o */
async function openArm({ extensionPath, arm, timing }) {
  const ext = buildFor(extensionPath, arm);
  const srv = await startServer({ timing });
  /** @type {Awaited<ReturnType<typeof launchHark>> | undefined} */
  let h;
  try {
    h = await launchHark({ extensionPath: ext.path, serverUrl: srv.server.url });
    return await connectArm(arm, ext, srv, h);
  } catch (e) {
    // An arm that cannot start must not leave its browser running (and the bench's process alive).
    await h?.close().catch(() => {});
    await srv.server.close();
    ext.remove();
    throw e;
  }
}

/**
 * @param {string} arm @param {ReturnType<typeof buildFor>} ext
 * @param {Awaited<ReturnType<typeof startServer>>} srv @param {Awaited<ReturnType<typeof launchHark>>} h
 */
async function connectArm(arm, ext, srv, h) {
  /** @type {{ close: () => Promise<unknown> }[]} */
  const sessions = [];
  /** @type {{ gc: () => Promise<unknown>, heap: () => Promise<ReturnType<typeof heapFigures>> }} */
  let heapOf;
  let hangUp;
  if (arm === 'bare' || arm.startsWith('barestats')) {
    const page = await h.b.ctx.newPage();
    await page.goto(`chrome-extension://${h.b.extensionId}/bench-blank.html?tab`);
    await page.evaluate(holdBareCall, { base: srv.server.url, session: { type: 'realtime', model: 'gpt-realtime', instructions: 'bench' } });
    if (arm.startsWith('barestats')) {
      // The bare call plus whole stats reports, as Hark's offscreen document reads them: 5 a second
      // (a panel on screen) or 1 (none; lib/voice/stats-cadence.ts).
      await page.evaluate((everyMs) => {
        const pc = /** @type {any} */ (globalThis).__benchPc;
        setInterval(() => pc.getStats().then((/** @type {any} */ r) => [...r.values()]), everyMs);
      }, arm === 'barestats1hz' ? 1000 : 200);
    }
    const cdp = await h.b.ctx.newCDPSession(page);
    sessions.push({ close: () => cdp.detach().catch(() => {}) });
    heapOf = { gc: () => cdp.send('HeapProfiler.collectGarbage'), heap: async () => heapFigures(await cdp.send('Runtime.getHeapUsage')) };
    hangUp = () => page.evaluate(() => /** @type {any} */ (globalThis).__benchHangUp());
  } else {
    const t0 = await h.click();
    const panel = await watchPanelStatus(h.b.browser);
    sessions.push(panel);
    // Generous: the arms start one after another on a machine they share (and it may be loaded).
    await panel.when('live', t0, 90_000);
    const off = await targetSession(h.b.browser, '/offscreen.html');
    sessions.push(off);
    // One V8 heap for the offscreen document and the side panel (one renderer): read through the document.
    heapOf = { gc: () => off.send('HeapProfiler.collectGarbage'), heap: async () => heapFigures(await off.send('Runtime.getHeapUsage')) };
    if (arm === 'nopanel') {
      await closeSidePanel(h.b.sw);
    }
    hangUp = () => h.click();
  }
  const call = srv.calls().at(-1);
  // The service worker's heap is its own (a worker isolate in the same renderer process).
  const sw = await targetSession(h.b.browser, '/background.js');
  sessions.push(sw);
  return {
    arm,
    call,
    /** The server speaks on this arm's call (skipped while a reply still runs). */
    async say() {
      const r = await fetch(`${srv.server.url}/_control/say`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: REPLY, callId: call.id }) });
      return r.ok;
    },
    /** @param {number} t seconds since the start @param {boolean} gc */
    async sample(t, gc) {
      if (gc) await Promise.all([heapOf.gc(), sw.send('HeapProfiler.collectGarbage')]);
      const heap = await heapOf.heap();
      const worker = await sw.send('Runtime.getHeapUsage');
      const rss = await extensionRendererMemory(h.b.browser, { mappings: gc });
      return {
        t: round(t, 1),
        gc,
        ...heap,
        workerHeapUsedBytes: worker.usedSize,
        workerHeapTotalBytes: worker.totalSize,
        ...rss,
        ...(gc ? { allocators: await extensionRendererAllocators(h.b.browser) } : {}),
      };
    },
    async close() {
      await hangUp().catch(() => {});
      await waitFor(() => call.closed, { timeout: 10_000, interval: 50, what: `${arm}: call hung up` }).catch(() => {});
      for (const s of sessions) await s.close();
      await h.close();
      await srv.server.close();
      ext.remove();
    },
  };
}

/** Least-squares slope of y over x. @param {number[]} x @param {number[]} y */
function slope(x, y) {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((x[i] ?? 0) - mx) * ((y[i] ?? 0) - my);
    den += ((x[i] ?? 0) - mx) ** 2;
  }
  return den ? num / den : 0;
}

/**
 * What grew between two forced-GC samples `first` and `last` of one arm.
 * @param {any} first @param {any} last
 */
function growth(first, last) {
  return {
    start: first,
    end: last,
    rssGrowthBytes: last.rssBytes - first.rssBytes,
    anonGrowthBytes: last.anonBytes - first.anonBytes,
    /** Which mappings' resident pages grew (smaps at both ends, after GC): code, data files, named heaps. */
    mappingGrowth: allocatorGrowth(first.mappings ?? {}, last.mappings ?? {}),
    /** Which allocators grew (Chromium's memory-infra dumps at both ends, after GC). */
    allocatorGrowth: allocatorGrowth(first.allocators ?? {}, last.allocators ?? {}),
    /** Live objects only: native allocations plus both V8 heaps' used bytes. */
    liveGrowthBytes:
      liveNativeBytes(last.allocators ?? {}) -
      liveNativeBytes(first.allocators ?? {}) +
      (last.jsHeapUsedBytes - first.jsHeapUsedBytes) +
      (last.workerHeapUsedBytes - first.workerHeapUsedBytes),
    jsHeapGrowthBytes: last.jsHeapUsedBytes - first.jsHeapUsedBytes,
    workerHeapGrowthBytes: last.workerHeapUsedBytes - first.workerHeapUsedBytes,
  };
}

/** `arm`'s figure over the bare call's, per arm; null when the bare call's did not grow. @param {Record<string, any>} per @param {string[]} arms @param {(a: any) => number} pick */
function over(per, arms, pick) {
  const bare = pick(per.bare);
  return Object.fromEntries(arms.filter((a) => a !== 'bare').map((a) => [a, bare > 0 ? round(pick(per[a]) / bare, 2) : null]));
}

/**
 * The call's first minutes are not the same as the rest: the JIT compiles what runs often (its code
 * is mapped in from the browser's binary), the allocators build their pools, the panel draws its
 * first replies. So every arm holds its call for `warmupS` first, with replies as after, and growth
 * is reported twice: from the moment the call was live, and from the end of the warm-up (what a
 * long session keeps adding). Both are forced-GC samples, as is the end.
 * @param {{ extensionPath: string, seconds: number, warmupS: number, sampleS: number, everyS: number, timing: { wordMs: number, deltaMs: number }, arms: string[], beforePath?: string, log: (s: string) => void }} o
 */
export async function benchMemory({ extensionPath, seconds, warmupS, sampleS, everyS, timing, arms, beforePath, log }) {
  const names = ['hark', 'bare', ...arms.filter((a) => a !== 'hark' && a !== 'bare')];
  for (const a of names) if (!['hark', 'bare', 'barestats', 'barestats1hz', 'nopanel', 'before', ...Object.keys(PATCHES)].includes(a)) throw new Error(`memory: unknown arm ${a}`);
  if (names.includes('before') && !beforePath) throw new Error('memory: the before arm needs BENCH_MEMORY_BEFORE=<built extension dir>');
  /** @type {Awaited<ReturnType<typeof openArm>>[]} */
  const open = [];
  /** @type {Record<string, any[]>} */
  const samples = {};
  /** @type {Record<string, any>} */
  const warm = {};
  /** @type {Record<string, number>} */
  const replies = {};
  const total = warmupS + seconds;
  try {
    // One at a time: their start-up would otherwise compete for the two cores.
    for (const arm of names) open.push(await openArm({ extensionPath: arm === 'before' ? /** @type {string} */ (beforePath) : extensionPath, arm, timing }));
    await sleep(5000);
    const t0 = Date.now();
    const now = () => (Date.now() - t0) / 1000;
    for (const a of open) samples[a.arm] = [await a.sample(0, true)];
    let nextSay = 0;
    let nextSample = sampleS;
    while (now() < total) {
      if (now() >= nextSay) {
        nextSay += everyS;
        for (const a of open) if (await a.say()) replies[a.arm] = (replies[a.arm] ?? 0) + 1;
      }
      if (warmupS > 0 && !warm.hark && now() >= warmupS) {
        for (const a of open) {
          warm[a.arm] = await a.sample(now(), true);
          samples[a.arm]?.push(warm[a.arm]);
        }
        log(`  memory: warm-up over (${warmupS} s)`);
      }
      if (now() >= nextSample) {
        nextSample += sampleS;
        for (const a of open) samples[a.arm]?.push(await a.sample(now(), false));
        const mb = (/** @type {any} */ s) => (s?.rssBytes / 2 ** 20).toFixed(0);
        log(`  memory ${Math.round(now())}/${total} s: RSS ${open.map((a) => `${a.arm} ${mb(samples[a.arm]?.at(-1))} MB`).join(', ')}`);
      }
      await sleep(Math.max(50, Math.min(nextSay, nextSample) * 1000 - (Date.now() - t0)));
    }
    for (const a of open) samples[a.arm]?.push(await a.sample(now(), true));
  } finally {
    for (const a of open) await a.close();
  }
  /** @type {Record<string, any>} */
  const perArm = {};
  for (const [arm, list] of Object.entries(samples)) {
    const last = list.at(-1);
    // Without the forced-GC samples: between them nothing is forced, as in use.
    const steady = list.filter((s) => s.t >= Math.max(warmupS, total / 4) && !s.gc);
    const perMin = (/** @type {string} */ k) => round((slope(steady.map((s) => s.t), steady.map((s) => s[k])) * 60) / 2 ** 20, 2);
    perArm[arm] = {
      replies: replies[arm] ?? 0,
      ...growth(list[0], last),
      /** The highest RSS seen between the forced GCs, over the start. */
      rssPeakGrowthBytes: Math.max(...list.map((s) => s.rssBytes)) - list[0].rssBytes,
      afterWarmup: warm[arm] ? growth(warm[arm], last) : null,
      steadyRssMBPerMin: perMin('rssBytes'),
      steadyAnonMBPerMin: perMin('anonBytes'),
      samples: list,
    };
  }
  const after = (/** @type {any} */ a) => a.afterWarmup?.rssGrowthBytes ?? 0;
  return {
    seconds,
    warmupS,
    sampleS,
    everyS,
    timing,
    arms: perArm,
    /** RSS growth from the moment the call was live, over the bare call's. */
    ratios: over(perArm, names, (a) => a.rssGrowthBytes),
    /** RSS growth after the warm-up, over the bare call's. */
    warmRatios: warmupS > 0 ? over(perArm, names, after) : null,
    /** Private memory (anonymous pages: Chromium's own "private footprint" on Linux) after the warm-up. */
    warmAnonRatios: warmupS > 0 ? over(perArm, names, (a) => a.afterWarmup?.anonGrowthBytes ?? 0) : null,
    liveRatios: over(perArm, names, (a) => a.liveGrowthBytes),
    peakRatios: over(perArm, names, (a) => a.rssPeakGrowthBytes),
  };
}
