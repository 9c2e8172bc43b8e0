// @ts-check
/**
 * 2. Recovery: the Realtime server process is killed and restarted; how long after it is back
 * (its /healthz answers again) does the side panel show "live"?
 *
 * The server runs as a child process (`node server/main.mjs`) on a fixed port. Each run:
 *   POST /_control/fail-next (client_secrets → 503, so Hark cannot reconnect to the dying server)
 *   → POST /_control/drop {mode:'close'} (the connection ends visibly, as when a crashing server's
 *   sockets close) → Hark notices (panel "reconnecting") → SIGKILL → down for D (cycling through
 *   DOWNTIMES_MS, so the restart lands at different points of Hark's backoff) → restart → poll
 *   /healthz every 5 ms → "back" → panel status "live" (MutationObserver in the real side panel).
 * A "silent" run kills the process with no warning, to show how long Hark takes to notice a
 * server that just vanishes (its liveness probe; ICE alone would take ~10 s). A freshly started server is cold (JIT, first DTLS
 * handshake), so the reference "cold limit" is the bare handshake of bench/lib/baseline-flow.mjs
 * started the moment a restarted server is back (Hark stopped meanwhile).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { referenceFlow } from './lib/baseline-flow.mjs';
import { ROOT, clockOffset, launchHark, waitFor, watchPanelStatus } from './lib/setup.mjs';
import { nowMs, round, roundAll, sleep, summarize } from './lib/stats.mjs';

export const DOWNTIMES_MS = [0, 500, 1000, 2000, 4000];

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** @param {string} url */
async function healthy(url) {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** @param {string} url @param {string} route @param {object} body */
async function post(url, route, body) {
  const res = await fetch(`${url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${route}: HTTP ${res.status}`);
  return res.json();
}

/** @param {number} port @param {string} url */
async function startServerProcess(port, url) {
  const child = spawn(process.execPath, [path.join(ROOT, 'server/main.mjs')], {
    // HARK_SERVER_CONTROL: the bench steers this server through /_control (off by default).
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HARK_SERVER_API_KEY: '', HARK_SERVER_CONTROL: '1' },
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.once('exit', r));
  const back = await waitFor(async () => ((await healthy(url)) ? nowMs() : null), { timeout: 15_000, interval: 5, what: 'server /healthz' });
  return {
    back,
    /** Kills exactly this process and waits for it to be gone. */
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** @param {{ extensionPath: string, runs: number, silentRuns: number, coldRuns: number, log: (s: string) => void }} o */
export async function benchRecovery({ extensionPath, runs, silentRuns, coldRuns, log }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server = await startServerProcess(port, url);
  const h = await launchHark({ extensionPath, serverUrl: url });
  try {
    const t0 = await h.click();
    const panel = await watchPanelStatus(h.b.browser);
    await panel.when('live', t0);
    await sleep(500);

    /** @type {{ downtimeMs: number, detectMs: number, recoveryMs: number, silent: boolean, backToFirstRequestMs: number, firstRequestToLiveMs: number }[]} */
    const results = [];
    const total = runs + silentRuns;
    for (let i = 0; i < total; i++) {
      const silent = i >= runs;
      const downtimeMs = silent ? 0 : DOWNTIMES_MS[i % DOWNTIMES_MS.length];
      const tKill = nowMs();
      if (!silent) {
        await post(url, '/_control/fail-next', { path: 'client_secrets', status: 503, count: 1000 });
        await post(url, '/_control/drop', { mode: 'close' });
      } else {
        await server.kill();
      }
      const detected = await panel.when('reconnecting', tKill, 60_000);
      await server.kill();
      await sleep(downtimeMs);
      server = await startServerProcess(port, url);
      const live = await panel.when('live', server.back, 60_000);
      // Where the time went, from the new server's request log (ms resolution).
      /** @type {{ route: string, status: number, at: string }[]} */
      const httpLog = (await (await fetch(`${url}/_control/state`)).json()).http.log;
      const firstKey = httpLog.find((e) => e.route === '/v1/realtime/client_secrets' && e.status === 200);
      const keyAt = firstKey ? Date.parse(firstKey.at) : NaN;
      results.push({
        downtimeMs,
        silent,
        detectMs: round(detected - tKill, 1),
        recoveryMs: round(live - server.back, 1),
        backToFirstRequestMs: round(keyAt - server.back, 0),
        firstRequestToLiveMs: round(live - keyAt, 0),
      });
      log(`  recovery: run ${i + 1}/${total}${silent ? ' (silent kill)' : ''}: down ${downtimeMs} ms, back → live ${(live - server.back).toFixed(0)} ms`);
      await sleep(800); // let the new session settle before killing it
    }
    // The session.update Hark sends, for the reference flow.
    const st = await (await fetch(`${url}/_control/state`)).json();
    const update = st.calls.at(-1)?.clientEvents.find((/** @type {any} */ e) => e.type === 'session.update');
    await h.click(); // stop
    await panel.when('idle', nowMs() - 100, 10_000);
    await sleep(300);

    /** @type {number[]} */
    const cold = [];
    if (update && coldRuns > 0) {
      const ref = await h.b.ctx.newPage();
      await ref.goto(`chrome-extension://${h.b.extensionId}/options.html`);
      await ref.bringToFront();
      const offset = await clockOffset((expr) => ref.evaluate(expr));
      for (let i = 0; i < coldRuns; i++) {
        await server.kill();
        server = await startServerProcess(port, url);
        const r = await ref.evaluate(referenceFlow, {
          base: url,
          session: { ...update.session, model: 'gpt-realtime' },
          update: { type: 'session.update', session: update.session },
          delayAfterConnectMs: 0,
        });
        cold.push(round(r.marks.updated - offset.offset - server.back, 1));
      }
      await ref.close();
    }

    const main = results.filter((r) => !r.silent);
    const silentResults = results.filter((r) => r.silent);
    /** @type {Record<string, any>} */
    const byDowntime = {};
    for (const d of DOWNTIMES_MS) {
      const xs = main.filter((r) => r.downtimeMs === d).map((r) => r.recoveryMs);
      if (xs.length) byDowntime[d] = roundAll(summarize(xs), 1);
    }
    return {
      runs: main.length,
      downtimesMs: DOWNTIMES_MS,
      backToLiveMs: roundAll(summarize(main.map((r) => r.recoveryMs)), 1),
      detectAfterDropMs: roundAll(summarize(main.map((r) => r.detectMs)), 1),
      /** Back → Hark's first request to the new server (backoff wait), then → live (reconnecting). */
      backToFirstRequestMs: roundAll(summarize(main.map((r) => r.backToFirstRequestMs)), 0),
      firstRequestToLiveMs: roundAll(summarize(main.map((r) => r.firstRequestToLiveMs)), 0),
      byDowntimeMs: byDowntime,
      coldLimitMs: cold.length ? roundAll(summarize(cold), 1) : null,
      harkOverColdLimitP50: cold.length ? round(summarize(main.map((r) => r.recoveryMs)).p50 / summarize(cold).p50, 2) : null,
      silentKill: silentResults.length
        ? {
            runs: silentResults.length,
            detectMs: roundAll(summarize(silentResults.map((r) => r.detectMs)), 1),
            backToLiveMs: roundAll(summarize(silentResults.map((r) => r.recoveryMs)), 1),
          }
        : null,
      raw: results,
    };
  } finally {
    await h.close();
    await server.kill();
  }
}
