// @ts-check
/**
 * Shared set-up for the benchmarks: the built extension in headless Chromium (the e2e harness),
 * the local Realtime server with event timestamps, a precise toolbar click, and probes that watch
 * the offscreen document and the real side panel from outside (CDP), without product hooks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import {
  launchBrowser, listExtensionContexts, tabTargetIdForPage, waitFor,
} from '../../tests/e2e/harness.mjs';
import { configure, seedSettings, serveFixtures } from '../../tests/e2e/support.mjs';
import { nowMs, sleep } from './stats.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const TITLE = 'Hark Test Article: Tide Pools';

/** A mono 48 kHz 16-bit WAV of silence: a quiet fake microphone (no voice turns by accident). */
export function silentWav(seconds = 1) {
  const file = path.join(os.tmpdir(), `hark-bench-silence-${seconds}s.wav`);
  if (fs.existsSync(file)) return file;
  const samples = 48_000 * seconds;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(48_000, 24);
  buf.writeUInt32LE(96_000, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  fs.writeFileSync(file, buf);
  return file;
}

/**
 * The local server with a clock on every event: `at(event)` is when it was sent (server events)
 * or received (client events), in epoch ms (`nowMs`). Wraps the arrays in `server.state`; the
 * server itself is unchanged.
 * @param {Parameters<typeof createRealtimeServer>[0]} [options]
 */
export async function startServer(options = {}) {
  // The control API (off by default) is what the benches read and steer the server through.
  const server = await createRealtimeServer({ control: true, ...options });
  /** @type {WeakMap<object, number>} */
  const times = new WeakMap();
  /** @param {any[]} list */
  const stamp = (list) => {
    const push = list.push;
    list.push = function (...items) {
      const t = nowMs();
      for (const it of items) if (it && typeof it === 'object') times.set(it, t);
      return push.apply(this, items);
    };
  };
  const calls = server.state.calls;
  const pushCall = calls.push;
  calls.push = function (/** @type {any[]} */ ...states) {
    for (const s of states) {
      times.set(s, nowMs());
      stamp(s.serverEvents);
      stamp(s.clientEvents);
    }
    return pushCall.apply(this, states);
  };
  return {
    server,
    /** @param {object} event */
    at: (event) => times.get(event) ?? NaN,
    /** @returns {any[]} */
    calls: () => server.state.calls,
  };
}

/**
 * Launches Chromium with Hark, configured for `serverUrl`, and an article page (with a selection)
 * as the active tab. `greeting`: the assistant speaks first (on in the product); off unless asked
 * for, so the other sections measure what they always did (bench/greeting.mjs turns it on).
 * @param {{ extensionPath: string, serverUrl: string, wav?: string, noloop?: boolean, greeting?: boolean }} o
 */
export async function launchHark({ extensionPath, serverUrl, wav = silentWav(), noloop = true, greeting = false }) {
  const web = await serveFixtures();
  const b = await launchBrowser({ extensionPath, wav, noloop });
  if (!greeting) await seedSettings(b.sw, { greeting: false });
  await configure(b.ctx, b.extensionId, { serverUrl });
  const article = await b.ctx.newPage();
  await article.goto(web.url('article.html'));
  await article.evaluate(() => getSelection()?.selectAllChildren(/** @type {Node} */ (document.getElementById('lead'))));
  await article.bringToFront();
  const tabTargetId = await tabTargetIdForPage(b.ctx, article);
  const cdp = await b.browser.newBrowserCDPSession();
  return {
    b,
    web,
    article,
    /** Toolbar click on the article's tab (CDP Extensions.triggerAction); resolves with the epoch ms it was sent at. */
    async click() {
      const t0 = nowMs();
      await cdp.send('Extensions.triggerAction', { id: b.extensionId, targetId: tabTargetId });
      return t0;
    },
    async close() {
      await cdp.detach().catch(() => {});
      await b.close();
      await web.close();
    },
  };
}

/** Whether Hark's offscreen document exists. @param {import('playwright-core').Worker} sw */
export async function hasOffscreen(sw) {
  return (await listExtensionContexts(sw)).some((c) => c.contextType === 'OFFSCREEN_DOCUMENT');
}

/**
 * Watches the real side panel's status line: every change of `data-status`, with its epoch ms,
 * recorded by a MutationObserver in the panel; read over one persistent CDP session, and waited
 * for with a single awaited evaluation (no polling that would load the panel's renderer, which
 * the offscreen document shares). Call once the panel exists (it stays open across sessions).
 * @param {import('playwright-core').Browser} browser
 */
export async function watchPanelStatus(browser) {
  const panel = await targetSession(browser, '/sidepanel.html');
  await panel.evaluate(`(() => {
    if (globalThis.__benchStatus) return true;
    const log = (globalThis.__benchStatus = []);
    const waiters = (globalThis.__benchStatusWaiters = []);
    let last = null;
    const check = () => {
      const s = document.querySelector('.status-line')?.dataset.status ?? null;
      if (s === last) return;
      last = s;
      const e = { status: s, at: performance.timeOrigin + performance.now() };
      log.push(e);
      if (log.length > 1000) log.shift();
      for (const w of waiters.splice(0)) w(e);
    };
    check();
    // The document itself: the panel may still be loading (no body yet).
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    return true;
  })()`);
  return {
    /** @returns {Promise<{ status: string | null, at: number }[]>} */
    read: () => panel.evaluate('globalThis.__benchStatus.slice()'),
    /**
     * When `status` was first shown at or after `since` (epoch ms); waits up to `timeout`.
     * @param {string} status @param {number} since @returns {Promise<number>}
     */
    async when(status, since, timeout = 20_000) {
      const expr = `new Promise((resolve) => {
        const hit = (e) => e.status === ${JSON.stringify(status)} && e.at >= ${since};
        const found = globalThis.__benchStatus.find(hit);
        if (found) return resolve(found.at);
        const wait = (e) => (hit(e) ? resolve(e.at) : globalThis.__benchStatusWaiters.push(wait));
        globalThis.__benchStatusWaiters.push(wait);
        setTimeout(() => resolve(null), ${timeout});
      })`;
      const at = await panel.evaluate(expr);
      if (at == null) {
        const log = await panel.evaluate('globalThis.__benchStatus.slice(-8)');
        throw new Error(`side panel did not show "${status}" within ${timeout} ms; last statuses: ${JSON.stringify(log)}`);
      }
      return at;
    },
    close: () => panel.close(),
  };
}

/**
 * Instruments every offscreen document as soon as it appears (CDP Target.setDiscoverTargets →
 * attach → Runtime.evaluate), from outside the product: RTCPeerConnection.prototype methods are
 * wrapped to record `this` (`globalThis.__benchPCs`), so the benchmark can reach Hark's peer
 * connection and its tracks. Behaviour is unchanged. The patch must land before Hark builds its
 * connection (after getUserMedia, so it normally does); callers check `__benchPCs` and retry.
 * @param {import('playwright-core').Browser} browser
 */
export async function watchOffscreenDocs(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const patch = `(() => {
    if (globalThis.__benchPCs) return 'again';
    const pcs = (globalThis.__benchPCs = []);
    const P = RTCPeerConnection.prototype;
    for (const m of ['addTrack', 'addTransceiver', 'createDataChannel', 'createOffer', 'setLocalDescription', 'setRemoteDescription']) {
      const orig = P[m];
      P[m] = function (...args) { if (!pcs.includes(this)) pcs.push(this); return orig.apply(this, args); };
    }
    return 'ok';
  })()`;
  const done = new Set();
  /** @param {{ targetId: string, type: string, url: string }} t */
  const onTarget = async (t) => {
    if (!/\/offscreen\.html/.test(t.url) || t.type === 'tab' || done.has(t.targetId)) return;
    done.add(t.targetId);
    try {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      await cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: patch } }),
      });
      // Stay attached briefly so the evaluation is not cut short by the detach.
      setTimeout(() => cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {}), 200);
    } catch {
      /* the document went away */
    }
  };
  cdp.on('Target.targetCreated', ({ targetInfo }) => void onTarget(targetInfo));
  cdp.on('Target.targetInfoChanged', ({ targetInfo }) => void onTarget(targetInfo));
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  return { stop: () => cdp.detach().catch(() => {}) };
}

/**
 * Offset of a page's clock from Node's (page epoch ms − Node epoch ms), from the ping with the
 * shortest round trip. Both are the system clock, so this is ~0; it is measured, not assumed.
 * @param {(expr: string) => Promise<number>} evaluate
 */
export async function clockOffset(evaluate, pings = 7) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < pings; i++) {
    const a = nowMs();
    const t = await evaluate('performance.timeOrigin + performance.now()');
    const c = nowMs();
    if (c - a < best.rtt) best = { rtt: c - a, offset: t - (a + c) / 2 };
  }
  return best;
}

export { waitFor };

/**
 * A persistent CDP session on an extension target Playwright does not expose (offscreen document,
 * real side panel), for repeated evaluations with a short round trip (clock calibration).
 * @param {import('playwright-core').Browser} browser
 * @param {string} urlPart  e.g. '/offscreen.html'
 */
export async function targetSession(browser, urlPart) {
  const cdp = await browser.newBrowserCDPSession();
  const target = await waitFor(
    async () => {
      const { targetInfos } = await cdp.send('Target.getTargets');
      return targetInfos.find((/** @type {any} */ t) => t.url.includes(urlPart) && t.type !== 'tab') ?? null;
    },
    { timeout: 10_000, interval: 50, what: `target ${urlPart}` },
  );
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 1;
  /** @type {Map<number, (m: any) => void>} */
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', (/** @type {{ sessionId: string, message: string }} */ m) => {
    if (m.sessionId !== sessionId) return;
    const msg = JSON.parse(m.message);
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });
  /** @param {string} expression @returns {Promise<any>} */
  const evaluate = async (expression) => {
    const id = nextId++;
    const reply = new Promise((resolve) => pending.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true, userGesture: true } }),
    });
    const msg = /** @type {any} */ (await reply);
    if (msg.error) throw new Error(msg.error.message);
    if (msg.result.exceptionDetails) throw new Error(msg.result.exceptionDetails.exception?.description ?? msg.result.exceptionDetails.text);
    return msg.result.result.value;
  };
  return {
    evaluate,
    /** Raw CDP command on the target. @param {string} method @param {object} [params] @returns {Promise<any>} */
    async send(method, params = {}) {
      const id = nextId++;
      const reply = new Promise((resolve) => pending.set(id, resolve));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      const msg = /** @type {any} */ (await reply);
      if (msg.error) throw new Error(msg.error.message);
      return msg.result;
    },
    close: () => cdp.detach().catch(() => {}),
  };
}
