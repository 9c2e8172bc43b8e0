// @ts-check
/**
 * Token server under load (autocannon): two `server/token/main.mjs` processes sharing one real
 * redis-server (per-user limit, failed-login limit and usage counters in Redis) against the same
 * two processes with no limiter and no Redis — the ratio is the cost of being distributed. The
 * upstream mint is a local fake that answers at once, so the figures are the token server's own.
 * Rounds alternate (distributed, reference, distributed, …) so machine load drifts evenly.
 */
import autocannon from 'autocannon';
import { startFakeUpstream } from '../tests/server/fake-upstream.mjs';
import { startRedis } from '../tests/server/redis-server.mjs';
import { startTokenProcess } from '../tests/server/token-process.mjs';

const TOKEN = 'tok-bench-5e4d3c2b1a09f8e7';

/** @param {string} url @param {number} connections @param {number} seconds */
function load(url, connections, seconds) {
  return autocannon({
    url: `${url}/v1/realtime/client_secrets`, method: 'POST', connections, duration: seconds,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', instructions: 'Page title: bench' } }),
  });
}

/** @param {{ rounds?: number, seconds?: number, connections?: number, log?: (s: string) => void }} o */
export async function benchTokenServer({ rounds = 2, seconds = 5, connections = 16, log = console.log }) {
  const redis = await startRedis();
  const upstream = await startFakeUpstream();
  const base = { OPENAI_API_KEY: upstream.apiKey, HARK_UPSTREAM_URL: upstream.url, HARK_TOKEN_USERS: `bench=${TOKEN}`, LOG_LEVEL: 'info' }; // as in production: one JSON line per request (both configurations pay it)
  const configs = {
    // A limit far above what the load reaches: every request still runs the Redis limiter and usage counter.
    distributed: { ...base, REDIS_URL: redis.url, HARK_RATE_PER_MINUTE: '1000000000' },
    reference: { ...base, HARK_RATE_PER_MINUTE: '0' },
  };
  /** @type {Record<string, { rps: number[], p99: number[], non2xx: number, errors: number }>} */
  const out = { distributed: { rps: [], p99: [], non2xx: 0, errors: 0 }, reference: { rps: [], p99: [], non2xx: 0, errors: 0 } };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of /** @type {const} */ (['distributed', 'reference'])) {
        const pair = await Promise.all([startTokenProcess(configs[name]), startTokenProcess(configs[name])]);
        try {
          await Promise.all(pair.map((p) => load(p.url, 2, 1))); // warm-up
          const results = await Promise.all(pair.map((p) => load(p.url, connections / 2, seconds)));
          const rps = results.reduce((s, r) => s + r.requests.average, 0);
          const p99 = Math.max(...results.map((r) => r.latency.p99));
          const o = out[name];
          o.rps.push(Math.round(rps));
          o.p99.push(p99);
          o.non2xx += results.reduce((s, r) => s + r.non2xx, 0);
          o.errors += results.reduce((s, r) => s + r.errors, 0);
          log(`token ${name} round ${round + 1}: ${Math.round(rps)} req/s over 2 instances, p99 ${p99} ms`);
        } finally {
          await Promise.all(pair.map((p) => p.stop('SIGTERM')));
        }
      }
    }
  } finally {
    await redis.stop();
    await upstream.close();
  }
  const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const d = out.distributed, r = out.reference;
  return {
    setup: { instances: 2, connections, seconds, rounds, upstream: 'local fake, no delay' },
    distributed: { rps: median(d.rps), p99Ms: median(d.p99), runs: d, },
    reference: { rps: median(r.rps), p99Ms: median(r.p99), runs: r },
    ratios: {
      throughputDistributedOverReference: Math.round((median(d.rps) / median(r.rps)) * 100) / 100,
      p99DistributedOverReference: Math.round((median(d.p99) / Math.max(1, median(r.p99))) * 100) / 100,
    },
  };
}
