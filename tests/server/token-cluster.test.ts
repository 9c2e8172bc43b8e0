// @vitest-environment node
/**
 * The token server scaled out, with real components: two `node server/token/main.mjs` processes
 * sharing one real redis-server (started here on a free port), a users file both poll, and a
 * local fake upstream. One per-user limit across instances, no accepted request lost when an
 * instance is stopped under load, revocation on every instance, and Redis down → fail closed.
 */
import { request } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from './fake-upstream.mjs';
import { startRedis } from './redis-server.mjs';
import { startTokenProcess } from './token-process.mjs';

type Proc = Awaited<ReturnType<typeof startTokenProcess>>;
const ADMIN = 'admin-5b0e7c1d9a8f4e3b2c6d';
const TOKENS = { alice: 'tok-alice-1f2e3d4c5b6a7980', bob: 'tok-bob-0a1b2c3d4e5f6a7b', carol: 'tok-carol-99887766554433', dave: 'tok-dave-1234abcd5678ef90' };
const mintBody = JSON.stringify({ session: { type: 'realtime', instructions: 'Page title: Secret Roadmap' } });

async function mint(base: string, token: string) {
  const res = await fetch(`${base}/v1/realtime/client_secrets`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: mintBody });
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** One POST on its own connection: ECONNREFUSED/ECONNRESET say "not accepted", a status says "answered". */
function mintOnce(base: string, token: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(`${base}/v1/realtime/client_secrets`, { method: 'POST', agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: `mid-response ${e.code ?? e.message}` }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(mintBody);
  });
}

describe('token server: two instances, one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let a: Proc, b: Proc;
  const extra: Proc[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-token-'));
  const usersFile = path.join(dir, 'users.json');
  const writeUsers = (names: (keyof typeof TOKENS)[]) => fs.writeFileSync(usersFile, JSON.stringify(names.map((n) => ({ name: n, token: TOKENS[n], groups: n === 'dave' ? ['bulk'] : [] }))));
  const env = () => ({
    OPENAI_API_KEY: upstream.apiKey, HARK_UPSTREAM_URL: upstream.url, REDIS_URL: redis.url, HARK_USERS_FILE: usersFile,
    HARK_USERS_POLL_MS: '200', HARK_RATE_PER_MINUTE: '10', HARK_ADMIN_TOKEN: ADMIN, HARK_GRACE_MS: '5000', LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    redis = await startRedis();
    upstream = await startFakeUpstream({ delayMs: 20 });
    writeUsers(['alice', 'bob', 'carol', 'dave']);
    [a, b] = await Promise.all([startTokenProcess(env()), startTokenProcess(env())]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a, b, ...extra].map((p) => p?.stop('SIGKILL')));
    await redis?.stop();
    await upstream?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('enforces one per-user limit across both instances: 10/min → exactly 10 keys of 40 tries', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => mint(i % 2 ? a.url : b.url, TOKENS.alice)));
    const counts = results.reduce<Record<number, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {});
    console.log(`[cluster] 40 concurrent mints for alice across A+B at 10/min → ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ 200: 10, 429: 30 });
    expect(results.find((r) => r.status === 429)!.json.error.code).toBe('rate_limit_exceeded');
    expect((await mint(a.url, TOKENS.bob)).status).toBe(200); // another user has their own budget
  });

  it('reads usage per user per day from either instance with the admin token only', async () => {
    const report = await fetch(`${b.url}/v1/usage`, { method: 'POST', headers: { Authorization: `Bearer ${TOKENS.alice}` }, body: JSON.stringify({ sessions: 1, estimated_cost_usd: 0.42 }) });
    expect(report.status).toBe(204);
    expect((await fetch(`${a.url}/v1/admin/usage`, { headers: { Authorization: `Bearer ${TOKENS.alice}` } })).status).toBe(401);
    const res = await fetch(`${a.url}/v1/admin/usage`, { headers: { Authorization: `Bearer ${ADMIN}` } });
    const json = await res.json();
    expect(json.day).toBe(new Date().toISOString().slice(0, 10));
    expect(json.users.alice).toEqual({ keys: 10, sessions: 1, rateLimited: 30, failed: 0, costUsd: 0.42 });
    expect(json.users.bob.keys).toBe(1);
  });

  it('refuses a revoked token on both instances within 5 s of the users file changing', async () => {
    expect((await mint(a.url, TOKENS.carol)).status).toBe(200);
    writeUsers(['alice', 'bob', 'dave']);
    const revokedAt = Date.now();
    const refusedAfter: Record<string, number> = {};
    while (Object.keys(refusedAfter).length < 2 && Date.now() - revokedAt < 5000) {
      for (const [name, p] of [['A', a], ['B', b]] as const) {
        if (!(name in refusedAfter) && (await mint(p.url, TOKENS.carol)).status === 401) refusedAfter[name] = Date.now() - revokedAt;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`[cluster] carol revoked: refused by A after ${refusedAfter.A} ms, by B after ${refusedAfter.B} ms`);
    expect(Object.keys(refusedAfter).sort()).toEqual(['A', 'B']);
    expect((await mint(b.url, TOKENS.bob)).status).toBe(200); // the others keep working
    expect(a.lines.some((l) => l.msg === 'users file reloaded')).toBe(true);
  });

  it('loses no accepted request when one instance is stopped (SIGTERM) mid-load', async () => {
    // Two more instances without a per-user limit, on the same Redis, a slower upstream so mints are in flight.
    const slow = await startFakeUpstream({ delayMs: 150 });
    const [c, d] = await Promise.all([0, 1].map(() => startTokenProcess({ ...env(), HARK_UPSTREAM_URL: slow.url, OPENAI_API_KEY: slow.apiKey, HARK_RATE_PER_MINUTE: '0' })));
    extra.push(c, d);
    try {
      const TOTAL = 120;
      let next = 0, answeredByC = 0, retried = 0;
      const errors: string[] = [];
      const stopping: { exit: Promise<{ code: number | null }> | null } = { exit: null };
      const t0 = Date.now();
      const worker = async () => {
        while (next < TOTAL) {
          next++;
          let target = next % 2 ? c.url : d.url;
          for (;;) {
            const r = await mintOnce(target, TOKENS.dave);
            if ('status' in r) {
              expect(r.status === 200 || (r.status === 503 && target === c.url)).toBe(true);
              if (r.status === 200) {
                if (target === c.url) answeredByC++;
                if (answeredByC === 15 && !stopping.exit) stopping.exit = c.stop('SIGTERM');
                break;
              }
            } else errors.push(r.error);
            // Not accepted (refused at connect) or refused while draining: a client retries elsewhere.
            retried++;
            target = d.url;
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      const loadMs = Date.now() - t0;
      const exit = await stopping.exit;
      console.log(`[cluster] load ${loadMs} ms, C exited ${Date.now() - t0} ms after start`);
      console.log(`[cluster] ${TOTAL} mints over C+D, C stopped after ${answeredByC >= 15 ? 15 : answeredByC} of its answers: C answered ${answeredByC}, ${retried} retried on D (${[...new Set(errors)].join(', ') || 'no errors'}), upstream minted ${slow.state.minted}, C exit ${exit?.code}`);
      expect(exit?.code).toBe(0);
      // Every mint upstream was answered to a client exactly once: nothing accepted was dropped.
      expect(slow.state.minted).toBe(TOTAL);
      // Only "not accepted" errors (refused, or reset in the listen backlog before any byte was read): never mid-response.
      expect(errors.every((e) => e === 'ECONNREFUSED' || e === 'ECONNRESET')).toBe(true);
      expect(c.lines.filter((l) => l.msg === 'request' && l.status === 200).length).toBe(answeredByC);
      expect(c.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['draining', 'closed']));
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('logs JSON with user, status and latency, never a token, key or content', () => {
    const requests = [...a.lines, ...b.lines].filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.find((l) => l.user === 'alice' && l.status === 429)).toMatchObject({ method: 'POST', path: '/v1/realtime/client_secrets', ms: expect.any(Number) });
    const all = [...a.raw, ...b.raw, ...extra.flatMap((p) => p.raw)].join('\n');
    for (const secret of [...Object.values(TOKENS), ADMIN, upstream.apiKey, 'Secret Roadmap', 'ek_']) expect(all).not.toContain(secret);
  });

  it('Redis down: minting fails closed (503) on both, /readyz says so, the processes stay up', async () => {
    await redis.stop();
    for (const p of [a, b]) {
      let ready: Response | null = null;
      for (let i = 0; i < 50 && (ready = await fetch(`${p.url}/readyz`)).status !== 503; i++) await new Promise((r) => setTimeout(r, 100));
      expect(ready!.status).toBe(503);
      expect((await ready!.json()).checks.store).toMatchObject({ ok: false, detail: expect.stringMatching(/^down/) });
      const r = await mint(p.url, TOKENS.bob);
      expect(r.status).toBe(503);
      expect(r.json.error.code).toBe('rate_limiter_unavailable');
      expect((await mint(p.url, 'tok-guess')).status).toBe(503); // failed logins are limited in Redis too
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200); // alive, just not ready
      expect(p.lines.some((l) => l.level === 50 && /redis unavailable/.test(l.msg))).toBe(true);
    }
    const before = upstream.state.minted;
    expect(upstream.state.minted).toBe(before);
    // Back on the same port: both recover without a restart.
    redis = await startRedis({ port: redis.port });
    for (const p of [a, b]) {
      let ready: Response | null = null;
      for (let i = 0; i < 50 && (ready = await fetch(`${p.url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
      expect(ready!.status).toBe(200);
      expect((await mint(p.url, TOKENS.bob)).status).toBe(200);
    }
  }, 30_000);
});
