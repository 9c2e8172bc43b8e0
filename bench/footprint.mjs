// @ts-check
/**
 * 4. Footprint.
 *
 * Static: gzip size (level 9, per file, summed) of what each entrypoint loads: for an HTML page its
 * module script, modulepreloads and stylesheets plus every chunk they import statically; for the
 * service worker, background.js and its imports; content scripts from the manifest; any other
 * top-level script (e.g. one injected with scripting.executeScript) on its own.
 *
 * Long session: a 30-minute conversation in compressed time. The server allows compressing the
 * reply timing (`timing.wordMs`, `deltaMs`), so the text and events of EXCHANGES exchanges (one
 * every 15 s of a real session: a 15-word typed question, a ~26-word streamed reply with audio)
 * run back to back. What cannot be compressed is wall-clock time itself (the microphone streams
 * in real time; timers that would fire over 30 minutes don't). Memory is sampled after a forced
 * GC: the offscreen document and the side panel live in ONE renderer process with ONE V8 heap
 * (Chromium's extension process; checked: both targets report the same heap), so the JS heap and
 * process RSS are for both together; DOM nodes are per document. After the stop: what the
 * document on standby costs (heap and RSS with it, then with it closed).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchHark, startServer, targetSession, waitFor, watchPanelStatus } from './lib/setup.mjs';
import { round, sleep } from './lib/stats.mjs';

/** @param {string} file */
const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/**
 * @param {string} outDir  e.g. .output/chrome-mv3
 */
export function staticFootprint(outDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  /** @type {Set<string>} */
  const reached = new Set();
  /** Static import closure of a JS file (paths relative to outDir). @param {string} rel @param {Set<string>} acc */
  const closure = (rel, acc) => {
    if (acc.has(rel)) return acc;
    acc.add(rel);
    const src = fs.readFileSync(path.join(outDir, rel), 'utf8');
    for (const m of src.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)) {
      const spec = /** @type {string} */ (m[1]);
      const target = spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(rel), spec);
      if (fs.existsSync(path.join(outDir, target))) closure(target, acc);
    }
    return acc;
  };
  /** @param {string[]} js @param {string[]} css */
  const entry = (js, css) => {
    /** @type {Set<string>} */
    const files = new Set();
    for (const f of js) closure(f, files);
    for (const f of files) reached.add(f);
    const jsFiles = [...files];
    const sum = (/** @type {string[]} */ list, /** @type {(f: string) => number} */ size) => list.reduce((n, f) => n + size(path.join(outDir, f)), 0);
    return {
      jsGzipBytes: sum(jsFiles, gzipSize),
      jsBytes: sum(jsFiles, (f) => fs.statSync(f).size),
      cssGzipBytes: sum(css, gzipSize),
      files: [...jsFiles, ...css],
    };
  };
  /** @type {Record<string, ReturnType<typeof entry>>} */
  const entries = {};
  for (const html of fs.readdirSync(outDir).filter((f) => f.endsWith('.html'))) {
    const text = fs.readFileSync(path.join(outDir, html), 'utf8');
    const attr = (/** @type {RegExp} */ re) => [...text.matchAll(re)].map((m) => /** @type {string} */ (m[1]).replace(/^\//, ''));
    const js = [...attr(/<script[^>]*\bsrc="([^"]+)"/g), ...attr(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)];
    const css = attr(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
    entries[html.replace(/\.html$/, '')] = entry(js, css);
  }
  if (manifest.background?.service_worker) entries.background = entry([manifest.background.service_worker], []);
  (manifest.content_scripts ?? []).forEach((/** @type {any} */ cs, /** @type {number} */ i) => {
    entries[`content-script-${i}`] = entry(cs.js ?? [], cs.css ?? []);
  });
  // Scripts no page or manifest entry loads (e.g. injected with scripting.executeScript).
  /** @type {(dir: string) => string[]} */
  const walk = (dir) =>
    fs.readdirSync(path.join(outDir, dir), { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(path.posix.join(dir, d.name)) : [path.posix.join(dir, d.name)],
    );
  const all = walk('').filter((f) => f.endsWith('.js'));
  for (const f of all.filter((f) => !reached.has(f) && !f.includes('/'))) entries[f.replace(/\.js$/, '')] = entry([f], []);
  const unreached = all.filter((f) => !reached.has(f));
  return { entries, unreachedScripts: unreached };
}

const EXCHANGE_WORDS = 15;

/** @param {number} i */
function question(i) {
  const words = [];
  for (let w = 0; w < EXCHANGE_WORDS; w++) words.push(['tide', 'pools', 'rocky', 'shore', 'anemone', 'crab', 'algae', 'wave'][(i * 7 + w) % 8] + (w === 0 ? i : ''));
  return `${words.join(' ')}?`;
}

/** Extension renderer process RSS (Linux /proc), bytes. @param {import('playwright-core').Browser} browser */
async function extensionRendererRss(browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    let total = 0;
    for (const p of processInfo) {
      if (p.type !== 'renderer') continue;
      try {
        if (!fs.readFileSync(`/proc/${p.id}/cmdline`, 'utf8').includes('--extension-process')) continue;
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p.id}/status`, 'utf8'));
        if (m) total += Number(m[1]) * 1024;
      } catch {
        /* not Linux, or the process went away */
      }
    }
    return total || null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** @param {{ extensionPath: string, exchanges: number, log: (s: string) => void }} o */
export async function benchLongSession({ extensionPath, exchanges, log }) {
  const srv = await startServer({ timing: { deltaMs: 1, wordMs: 5 } });
  const h = await launchHark({ extensionPath, serverUrl: srv.server.url });
  /** @type {{ close: () => Promise<unknown> }[]} */
  const sessions = [];
  try {
    const n = srv.calls().length;
    const t0 = await h.click();
    const panel = await watchPanelStatus(h.b.browser);
    await panel.when('live', t0);
    sessions.push(panel);
    const call = srv.calls()[n];
    const off = await targetSession(h.b.browser, '/offscreen.html');
    const side = await targetSession(h.b.browser, '/sidepanel.html');
    sessions.push(off, side);

    const sample = async (/** @type {number} */ done) => {
      await off.send('HeapProfiler.collectGarbage');
      const heap = await off.send('Runtime.getHeapUsage');
      const nodes = (/** @type {typeof off} */ s) => s.evaluate('document.getElementsByTagName("*").length');
      return {
        exchanges: done,
        simulatedMinutes: round((done * 15) / 60, 1),
        jsHeapUsedBytes: heap.usedSize,
        jsHeapTotalBytes: heap.totalSize,
        embedderHeapUsedBytes: heap.embedderHeapUsedSize ?? null,
        rendererRssBytes: await extensionRendererRss(h.b.browser),
        offscreenDomNodes: await nodes(off),
        sidePanelDomNodes: await nodes(side),
      };
    };
    const samples = [await sample(0)];
    const every = Math.max(1, Math.round(exchanges / 10));
    for (let i = 1; i <= exchanges; i++) {
      const count = (/** @type {string} */ type) => call.serverEvents.filter((/** @type {any} */ e) => e.type === type).length;
      const before = { done: count('response.done'), stopped: count('output_audio_buffer.stopped') };
      // Typed in the real side panel: the one page the sender policy lets send text
      // (lib/protocol/sender-policy.ts); @webext-core/messaging's envelope.
      const envelope = { id: Math.floor(Math.random() * 1e9), type: 'bg:sendText', data: { text: question(i) }, timestamp: Date.now() };
      const res = await side.evaluate(`chrome.runtime.sendMessage(${JSON.stringify(envelope)})`);
      if (!res?.res?.ok) throw new Error(`sendText refused: ${JSON.stringify(res)}`);
      // The reply is over when it is fully generated and its audio has played.
      await waitFor(() => count('response.done') > before.done && count('output_audio_buffer.stopped') > before.stopped, {
        timeout: 15_000,
        interval: 5,
        what: 'reply finished',
      });
      if (i % every === 0 || i === exchanges) {
        samples.push(await sample(i));
        log(`  long session: ${i}/${exchanges} exchanges (${round((i * 15) / 60, 1)} simulated min)`);
      }
    }
    const shown = await side.evaluate('document.querySelectorAll(".msg").length');
    await h.click(); // stop
    await waitFor(() => call.closed, { timeout: 10_000, interval: 20, what: 'call hung up' });
    await sleep(300);
    // After the stop the document stands by (the side panel is open): what that costs, measured
    // against closing it. The heap is the process's one V8 heap, read through the side panel.
    const idle = async () => {
      await side.send('HeapProfiler.collectGarbage');
      return { jsHeapUsedBytes: (await side.send('Runtime.getHeapUsage')).usedSize, rendererRssBytes: await extensionRendererRss(h.b.browser) };
    };
    const standing = await idle();
    await off.close();
    sessions.splice(sessions.indexOf(off), 1);
    // @ts-ignore chrome in the worker
    await h.b.sw.evaluate(() => chrome.offscreen.closeDocument());
    await sleep(1000);
    const closed = await idle();
    const standby = {
      withDocument: standing,
      documentClosed: closed,
      jsHeapBytes: standing.jsHeapUsedBytes - closed.jsHeapUsedBytes,
      rendererRssBytes: standing.rendererRssBytes && closed.rendererRssBytes ? standing.rendererRssBytes - closed.rendererRssBytes : null,
    };
    const first = samples[0];
    const last = /** @type {typeof first} */ (samples.at(-1));
    const perExchange = (/** @type {'jsHeapUsedBytes'} */ k) => round((last[k] - first[k]) / exchanges, 0);
    return {
      exchanges,
      simulatedMinutes: round((exchanges * 15) / 60, 1),
      messagesShown: shown,
      serverTiming: { deltaMs: 1, wordMs: 5 },
      start: first,
      end: last,
      jsHeapEndOverStart: round(last.jsHeapUsedBytes / first.jsHeapUsedBytes, 2),
      jsHeapGrowthPerExchangeBytes: perExchange('jsHeapUsedBytes'),
      rssEndOverStart: first.rendererRssBytes && last.rendererRssBytes ? round(last.rendererRssBytes / first.rendererRssBytes, 2) : null,
      standby,
      samples,
    };
  } finally {
    for (const s of sessions) await s.close();
    await h.close();
    await srv.server.close();
  }
}
