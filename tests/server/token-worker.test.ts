// @vitest-environment node
/**
 * The Workers entry (server/token/worker.mjs) in real workerd through Miniflare, offline: bundled
 * with esbuild the way wrangler would, Durable Objects in memory, minting against a local fake
 * upstream on 127.0.0.1. Same app as on Node; here the limit and usage live in Durable Objects.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from './fake-upstream.mjs';

const ALICE = 'tok-alice-0f1e2d3c4b5a6978';
const ADMIN = 'admin-worker-0123456789abcdef';

describe('token server on workerd (Miniflare)', () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let mf: Miniflare;
  let url: URL;
  const mint = (token: string | null, body: object = { session: { type: 'realtime' } }) =>
    fetch(new URL('/v1/realtime/client_secrets', url), { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    const bundle = await build({
      entryPoints: [path.resolve(__dirname, '../../server/token/worker.mjs')],
      bundle: true, write: false, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*'], logLevel: 'silent',
    });
    mf = new Miniflare({
      host: '127.0.0.1', port: 0, modules: true, script: bundle.outputFiles[0].text, compatibilityDate: '2025-04-01',
      durableObjects: { COUNTER: 'Counter', USAGE: 'UsageDay' }, durableObjectsPersist: false,
      bindings: { OPENAI_API_KEY: upstream.apiKey, HARK_UPSTREAM_URL: upstream.url, HARK_TOKEN_USERS: `alice=${ALICE}`, HARK_RATE_PER_MINUTE: '10', HARK_ADMIN_TOKEN: ADMIN, HARK_MODEL: 'gpt-realtime' },
    });
    url = await mf.ready;
  }, 60_000);
  afterAll(async () => {
    await mf?.dispose();
    await upstream?.close();
  });

  it('answers health checks and CORS preflights', async () => {
    expect(await (await fetch(new URL('/healthz', url))).json()).toMatchObject({ status: 'ok', maxKeySeconds: 600 });
    expect((await fetch(new URL('/readyz', url))).status).toBe(200);
    const pre = await fetch(new URL('/v1/realtime/client_secrets', url), { method: 'OPTIONS', headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('mints under the policy, refuses unknown users and disallowed fields', async () => {
    expect((await mint(null)).status).toBe(401);
    expect((await mint('tok-nobody')).status).toBe(401);
    const refused = await mint(ALICE, { session: { type: 'realtime', tools: [] } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.param).toBe('session.tools');
    const ok = await mint(ALICE, { session: { type: 'realtime', model: 'other' } });
    const json = await ok.json();
    expect(ok.status).toBe(200);
    expect(json.value).toMatch(/^ek_/);
    expect(json.session.model).toBe('gpt-realtime');
    expect(json.calls_url).toBe(`${upstream.url}/v1/realtime/calls`);
  });

  it('enforces the per-user limit exactly in a Durable Object, and counts usage per day', async () => {
    // alice used 2 of 10 above (the refused field still spent a point, as on Node).
    const statuses = await Promise.all(Array.from({ length: 20 }, () => mint(ALICE).then((r) => r.status)));
    const counts = statuses.reduce<Record<number, number>>((m, s) => ((m[s] = (m[s] ?? 0) + 1), m), {});
    console.log(`[workerd] 20 concurrent mints for alice with 8 of 10 left → ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ 200: 8, 429: 12 });
    expect((await fetch(new URL('/v1/admin/usage', url), { headers: { Authorization: `Bearer ${ALICE}` } })).status).toBe(401);
    const usage = await (await fetch(new URL('/v1/admin/usage', url), { headers: { Authorization: `Bearer ${ADMIN}` } })).json();
    expect(usage.users.alice).toEqual({ keys: 9, sessions: 0, rateLimited: 12, failed: 0, costUsd: 0 });
  });
});
