// @ts-check
/**
 * 3. Transcript: stream M messages × (D/M) deltas into the side panel and time each delta's
 * apply + render.
 *
 * The side panel (sidepanel.html in a tab: the same bundle as the real panel) is fed the very
 * broadcasts the offscreen document sends while a reply streams: `ui:message` with the whole
 * message so far and its `afterId`, in @webext-core/messaging's envelope. They are handed straight
 * to the panel's own `runtime.onMessage` listener (captured by an init script that wraps
 * `addListener`), one per task, so the figure is the panel's work and not Chromium's IPC (which
 * costs ~1-3 ms a message on this machine and would cap the run at a few hundred deltas a second;
 * a separate probe at the end sends deltas through real `chrome.runtime.sendMessage`).
 *
 * Per delta: from entering the listener to the MutationObserver callback that follows the DOM
 * change. Preact renders in a microtask and the observer's callback is the microtask after it, so
 * this is "message in → DOM shows it" (messaging wrapper, reducer, signal, VDOM diff, DOM writes;
 * not style/layout/paint, which happen once per frame, not per delta). Timer resolution in an
 * extension page is 0.1 ms.
 *
 * Time cap: if streaming has not finished after the cap, the remaining messages arrive in one
 * `ui:transcriptReset` (so the end state still has every message) and the result says `capped`.
 * Then, at full size, ten more messages are streamed (≤ 5 s) and one goes through real messaging.
 *
 * Memory: the panel renderer's V8 heap after a forced GC (CDP HeapProfiler.collectGarbage +
 * Runtime.getHeapUsage) at start, every 10 % of the messages and at the end. The heap must grow
 * with the text on screen; "flat" means nothing is kept per delta. That is tested directly, once
 * 20 messages are shown: thousands of updates of one message alternating between two texts of the
 * same length, heap before vs after (retained bytes per update). A final reset to an empty
 * transcript shows how much the panel gives back.
 */
import { nowMs, round, roundAll, summarize } from './lib/stats.mjs';

/** Installed before the panel's scripts run (Playwright addInitScript). */
function panelProbe(/** @type {number} */ capacity) {
  const B = {
    durs: new Float64Array(capacity),
    n: 0,
    pending: false,
    missed: 0,
    t0: 0,
    first: 0,
    last: 0,
    /** The product's runtime.onMessage listener, as wrapped here. @type {Function | null} */
    listener: /** @type {Function | null} */ (null),
    reset() {
      B.n = 0;
      B.missed = 0;
      B.first = 0;
      B.last = 0;
      B.pending = false;
    },
  };
  // @ts-ignore
  globalThis.__harkBench = B;
  // @ts-ignore chrome exists in extension pages
  const ev = chrome.runtime.onMessage;
  const add = ev.addListener;
  ev.addListener = function (/** @type {Function} */ listener) {
    const wrapped = function (/** @type {any} */ msg) {
      if (msg && msg.type === 'ui:message') {
        if (B.pending) B.missed++;
        B.t0 = performance.now();
        if (!B.first) B.first = B.t0;
        B.pending = true;
      }
      // @ts-ignore
      return listener.apply(this, arguments);
    };
    B.listener ??= wrapped;
    return add.call(this, wrapped);
  };
  new MutationObserver(() => {
    if (!B.pending) return;
    const t = performance.now();
    if (B.n < B.durs.length) B.durs[B.n++] = t - B.t0;
    B.last = t;
    B.pending = false;
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/**
 * Builds the broadcast for delta `d` (1-based) of message `m`, as the offscreen document sends it.
 * @param {number} m @param {number} d @param {number} perMessage @param {string} text  text so far
 */
function deltaMessage(m, d, perMessage, text) {
  const role = m % 2 === 0 ? 'user' : 'assistant';
  // Flat, as a string arrives over runtime messaging: one grown with += in this page is a rope of
  // up to 100 pieces, and kept ~3 KB a message more heap than the real panel would (18 vs 12 MB).
  text = JSON.parse(JSON.stringify(text));
  return {
    id: 0,
    type: 'ui:message',
    data: {
      message: { id: `item_bench_${m}`, role, text, final: d === perMessage, at: 1_700_000_000_000 + m, ...(role === 'assistant' ? { responseId: `resp_${m}` } : {}) },
      afterId: m > 0 ? `item_bench_${m - 1}` : null,
    },
    timestamp: Date.now(),
  };
}

/**
 * Runs in the panel: hands deltas of messages [from, to) to the product's listener, one per task
 * (a MessageChannel hop between deltas, so each delta's render and observer run before the next).
 * Stops at `deadline` (epoch ms): after a whole message, or with `anyDelta` after any delta.
 * With `lastOnly`, each message arrives once, complete (its last delta only).
 * Returns the next message index and how many deltas the last message got.
 * @param {{ from: number, to: number, perMessage: number, deadline: number, build: string, lastOnly?: boolean, anyDelta?: boolean }} a
 */
async function feedDeltas(a) {
  // @ts-ignore
  const B = globalThis.__harkBench;
  const build = /** @type {typeof deltaMessage} */ (new Function(`return (${a.build})`)());
  const ch = new MessageChannel();
  /** @type {() => void} */ let wake = () => {};
  ch.port1.onmessage = () => wake();
  const nextTask = () => new Promise((r) => ((wake = /** @type {() => void} */ (r)), ch.port2.postMessage(0)));
  const now = () => performance.timeOrigin + performance.now();
  // @ts-ignore chrome exists in extension pages
  const sender = { id: chrome.runtime.id, origin: location.origin };
  let delivered = 0;
  try {
    for (let m = a.from; m < a.to; m++) {
      let text = '';
      delivered = 0;
      for (let d = 1; d <= a.perMessage; d++) {
        text += `w${(m * 31 + d) % 997} `;
        if (a.lastOnly && d < a.perMessage) continue;
        B.listener(build(m, d, a.perMessage, text), sender, () => {});
        delivered = d;
        await nextTask();
        if (a.anyDelta && now() > a.deadline) return { next: m + 1, delivered };
      }
      if (now() > a.deadline) return { next: m + 1, delivered };
    }
    return { next: a.to, delivered };
  } finally {
    ch.port1.close();
  }
}

/**
 * Runs in the panel: replaces the whole transcript (`ui:transcriptReset`, one render) with the
 * final state of the given messages, `[m, deltas, perMessage]` each, as streaming would leave it.
 * @param {{ items: [number, number, number][], build: string }} a
 */
async function resetTo(a) {
  // @ts-ignore
  const B = globalThis.__harkBench;
  const build = /** @type {typeof deltaMessage} */ (new Function(`return (${a.build})`)());
  /** @type {{ order: string[], byId: Record<string, unknown> }} */
  const transcript = { order: [], byId: {} };
  for (const [m, count, perMessage] of a.items) {
    let text = '';
    for (let d = 1; d <= count; d++) text += `w${(m * 31 + d) % 997} `;
    const message = build(m, count, perMessage, text).data.message;
    transcript.order.push(message.id);
    transcript.byId[message.id] = message;
  }
  B.listener({ id: 0, type: 'ui:transcriptReset', data: { transcript }, timestamp: Date.now() }, {}, () => {});
  await new Promise((r) => setTimeout(r, 0));
  B.reset();
  return document.querySelectorAll('.msg').length;
}

/**
 * Runs in the panel: updates message `m` over and over, alternating between two texts of the same
 * length (its final text, and the same with one word changed), ending on the final text. The
 * transcript's content size never changes, so whatever the heap gains was kept per update.
 * @param {{ m: number, perMessage: number, deadline: number, maxUpdates: number, build: string }} a
 */
async function toggleUpdates(a) {
  // @ts-ignore
  const B = globalThis.__harkBench;
  const build = /** @type {typeof deltaMessage} */ (new Function(`return (${a.build})`)());
  const ch = new MessageChannel();
  /** @type {() => void} */ let wake = () => {};
  ch.port1.onmessage = () => wake();
  const nextTask = () => new Promise((r) => ((wake = /** @type {() => void} */ (r)), ch.port2.postMessage(0)));
  let text = '';
  for (let d = 1; d <= a.perMessage; d++) text += `w${(a.m * 31 + d) % 997} `;
  const other = text.replace(/w(\d)/, 'x$1');
  // @ts-ignore chrome exists in extension pages
  const sender = { id: chrome.runtime.id, origin: location.origin };
  let n = 0;
  while (n < 2 || n < a.maxUpdates) {
    const last = n % 2 === 1 && (n + 1 >= a.maxUpdates || performance.timeOrigin + performance.now() > a.deadline);
    B.listener(build(a.m, a.perMessage, a.perMessage, n % 2 === 0 ? other : text), sender, () => {});
    n++;
    await nextTask();
    if (last) break;
  }
  ch.port1.close();
  B.reset();
  return n;
}

/**
 * Runs in the service worker: the same deltas through real extension messaging
 * (`chrome.runtime.sendMessage`), at most `window` in flight, until `deadline`. Returns how many.
 * @param {{ m: number, perMessage: number, window: number, build: string, deadline: number }} a
 */
async function sendDeltas(a) {
  const build = /** @type {typeof deltaMessage} */ (new Function(`return (${a.build})`)());
  /** @type {Promise<unknown>[]} */
  const inflight = [];
  let text = '';
  let sent = 0;
  for (let d = 1; d <= a.perMessage; d++) {
    if (performance.timeOrigin + performance.now() > a.deadline) break;
    text += `w${(a.m * 31 + d) % 997} `;
    // @ts-ignore
    inflight.push(chrome.runtime.sendMessage(build(a.m, d, a.perMessage, text)).catch(() => {}));
    sent = d;
    if (inflight.length >= a.window) await inflight.shift();
  }
  await Promise.all(inflight);
  return sent;
}

/** Longest a full-size probe may run. */
const PROBE_MS = 5000;
const FULL_SIZE_MESSAGES = 10;
/** The flat-memory test runs once this many messages are on screen: up to RETAIN_UPDATES updates, or RETAIN_MS. */
const RETAIN_AT = 20;
const RETAIN_UPDATES = 4000;
const RETAIN_MS = 6000;

/** @param {number[]} durs */
const dist = (durs) => roundAll(summarize(durs), 3);

/**
 * @param {{ b: import('../tests/e2e/harness.mjs').LaunchResult, messages: number, deltas: number,
 *   capMs: number, ipcDeltas?: number, log: (s: string) => void }} o
 */
export async function benchTranscript({ b, messages, deltas, capMs, ipcDeltas = 300, log }) {
  const perMessage = Math.max(1, Math.round(deltas / messages));
  const build = deltaMessage.toString();
  const page = await b.ctx.newPage();
  await page.addInitScript(panelProbe, messages * perMessage + 16);
  await page.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  await page.bringToFront();
  await page.locator('.transcript').waitFor();
  await page.waitForFunction(() => /** @type {any} */ (globalThis).__harkBench?.listener);
  const cdp = await b.ctx.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const u = /** @type {{ usedSize: number }} */ (await cdp.send('Runtime.getHeapUsage'));
    return u.usedSize;
  };
  const domNodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
  /** @type {{ messages: number, heapBytes: number, domNodes: number }[]} */
  const heapCurve = [{ messages: 0, heapBytes: await heap(), domNodes: await domNodes() }];
  const readProbe = () =>
    page.evaluate(() => {
      // @ts-ignore
      const B = globalThis.__harkBench;
      const out = { durs: Array.from(B.durs.subarray(0, B.n)), missed: B.missed, spanMs: B.last - B.first };
      B.reset();
      return out;
    });

  // Main stream: all messages, each streamed delta by delta, through the product's listener.
  const start = nowMs();
  const deadline = start + capMs;
  const batch = Math.max(1, Math.min(50, Math.round(messages / 20)));
  const sampleEvery = Math.max(1, Math.round(messages / 10));
  let next = 0;
  let capped = false;
  /** @type {number[]} */
  const streamed = [];
  /** @type {{ updates: number, heapBeforeBytes: number, heapAfterBytes: number, atMessages: number } | null} */
  let retention = null;
  while (next < messages) {
    if (!retention && next >= RETAIN_AT) {
      // Flat memory: many updates that leave the content size unchanged; the heap must not grow.
      const main = await readProbe(); // keep the stream's timings, not the test's
      for (const d of main.durs) streamed.push(d); // not push(...): 200k arguments overflow the stack
      const heapBeforeBytes = await heap();
      const updates = await page.evaluate(toggleUpdates, { m: next - 1, perMessage, deadline: nowMs() + RETAIN_MS, maxUpdates: RETAIN_UPDATES, build });
      retention = { updates, heapBeforeBytes, heapAfterBytes: await heap(), atMessages: next };
    }
    const to = Math.min(messages, next + batch);
    const { next: reached } = await page.evaluate(feedDeltas, { from: next, to, perMessage, deadline, build });
    const crossed = Math.floor(reached / sampleEvery) > Math.floor(next / sampleEvery);
    next = reached;
    if (crossed || next === messages) {
      heapCurve.push({ messages: next, heapBytes: await heap(), domNodes: await domNodes() });
      log(`  transcript: ${next}/${messages} messages, ${((nowMs() - start) / 1000).toFixed(0)} s`);
    }
    if (nowMs() > deadline && next < messages) {
      capped = true;
      log(`  transcript: time cap (${capMs / 1000} s) reached after ${next} messages; the rest arrive at once (ui:transcriptReset)`);
      break;
    }
  }
  const wallMs = nowMs() - start;
  for (const d of (await readProbe()).durs) streamed.push(d);
  const streamedMessages = next;
  /** Final state of every message so far, for resets: [m, deltas, perMessage]. @type {[number, number, number][]} */
  const items = [];
  for (let m = 0; m < messages; m++) items.push([m, perMessage, perMessage]);

  // Capped: the rest arrive in one reset, so the end state still has every message.
  if (next < messages) {
    await page.evaluate(resetTo, { items, build });
    heapCurve.push({ messages, heapBytes: await heap(), domNodes: await domNodes() });
  }
  const heapEnd = heapCurve.at(-1)?.heapBytes ?? NaN;

  // At full size: one more message streamed delta by delta (direct), then one through real
  // runtime messaging; each for at most PROBE_MS.
  // FULL_SIZE_MESSAGES of them: a p95 over one message's 100 deltas is its 5th-slowest delta, and
  // one or two minor GCs moved it by half a millisecond from run to run.
  const fullRun = await page.evaluate(feedDeltas, { from: messages, to: messages + FULL_SIZE_MESSAGES, perMessage, deadline: nowMs() + PROBE_MS, anyDelta: true, build });
  for (let m = messages; m < fullRun.next; m++) items.push([m, m === fullRun.next - 1 ? fullRun.delivered : perMessage, perMessage]);
  const full = await readProbe();
  const ipcAt = fullRun.next;
  const ipcSent = await b.sw.evaluate(sendDeltas, { m: ipcAt, perMessage: ipcDeltas, window: 8, build, deadline: nowMs() + PROBE_MS });
  items.push([ipcAt, ipcSent, ipcDeltas]);
  await page.waitForFunction((n) => /** @type {any} */ (globalThis).__harkBench.n >= n, ipcSent, { timeout: 60_000 });
  const ipc = await readProbe();
  const shown = await page.locator('.msg').count();

  // What the panel gives back when the transcript is cleared (ui:transcriptReset to empty).
  const heapBeforeReset = await heap();
  await page.evaluate(resetTo, { items: [], build });
  const heapAfterReset = await heap();
  await cdp.detach().catch(() => {});
  await page.close();

  const durs = streamed;
  // Per-delta cost as the transcript grows: p50/p95 per tenth of the streamed deltas.
  const tenth = Math.max(1, Math.ceil(durs.length / 10));
  const byTenth = [];
  for (let i = 0; i < durs.length; i += tenth) {
    const s = summarize(durs.slice(i, i + tenth));
    byTenth.push({ fromMessage: Math.floor(i / perMessage), p50: round(s.p50, 3), p95: round(s.p95, 3) });
  }
  return {
    messagesRequested: messages,
    deltasPerMessage: perMessage,
    deltasRequested: messages * perMessage,
    streamedMessages,
    deltas: durs.length,
    deltasWithoutDomChange: streamedMessages * perMessage - durs.length,
    capped,
    capMs,
    messagesShown: shown,
    perDeltaMs: dist(durs),
    perDeltaByTenth: byTenth,
    streamWallMs: round(wallMs, 0),
    atFullSize: { messages, deltas: full.durs.length, perDeltaMs: dist(full.durs) },
    viaRuntimeMessaging: {
      messages: ipcAt + 1,
      sent: ipcSent,
      deltas: ipc.durs.length,
      perDeltaMs: dist(ipc.durs),
      throughputDeltasPerS: round(ipc.durs.length / (ipc.spanMs / 1000), 0),
    },
    heapStartBytes: heapCurve[0].heapBytes,
    heapEndBytes: heapEnd,
    heapEndOverStart: round(heapEnd / heapCurve[0].heapBytes, 2),
    heapCurve,
    flatMemory: retention && {
      /** Updates of one message alternating between two same-length texts. */
      updates: retention.updates,
      atMessages: retention.atMessages,
      heapBeforeBytes: retention.heapBeforeBytes,
      heapAfterBytes: retention.heapAfterBytes,
      retainedPerUpdateBytes: round((retention.heapAfterBytes - retention.heapBeforeBytes) / retention.updates, 1),
    },
    /** Heap per message held at the end (each ~${perMessage} words of text). */
    heapPerMessageBytes: round((heapBeforeReset - heapAfterReset) / items.length, 0),
    heapAfterResetBytes: heapAfterReset,
    heapAfterResetOverStart: round(heapAfterReset / heapCurve[0].heapBytes, 3),
  };
}
