// @vitest-environment node
/**
 * The token server's operational edges, in process: trusted-proxy client addresses (and spoofed
 * X-Forwarded-For without it), body limit, admin-only usage, per-group policy, users-file reload
 * that survives a broken file, graceful drain, and readable configuration errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenServer } from '../../server/token/token-server.mjs';
import { clientAddressFrom } from '../../server/token/app.mjs';
import { loadConfig } from '../../server/token/config.mjs';
import { startFakeUpstream } from './fake-upstream.mjs';

type Upstream = Awaited<ReturnType<typeof startFakeUpstream>>;
const ALICE = 'tok-alice-0f1e2d3c4b5a6978';
const post = (url: string, token: string | null, body: string = '{}', headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/realtime/client_secrets`, { method: 'POST', headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json', ...headers }, body });

describe('token server operations', () => {
  let upstream: Upstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ delayMs: 0 });
  });
  afterAll(async () => upstream?.close());
  const server = (extra: Partial<Parameters<typeof createTokenServer>[0]> = {}) =>
    createTokenServer({ upstreamUrl: upstream.url, openaiApiKey: upstream.apiKey, users: { [ALICE]: 'alice' }, ...extra });

  it('client address: X-Forwarded-For only counts behind trusted proxies, taken from the right', () => {
    expect(clientAddressFrom('10.0.0.1', '6.6.6.6, 1.2.3.4', 0)).toBe('10.0.0.1');
    expect(clientAddressFrom('10.0.0.1', '6.6.6.6, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(clientAddressFrom('10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2', 2)).toBe('1.2.3.4');
    expect(clientAddressFrom('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
  });

  it('[attack] a spoofed X-Forwarded-For does not buy fresh login guesses unless a proxy is trusted', async () => {
    const direct = await server({ rateLimit: { authFailuresPerMinute: 3 } });
    const proxied = await server({ rateLimit: { authFailuresPerMinute: 3 }, trustProxy: 1 });
    try {
      const spoof = async (url: string) => {
        const out = [];
        for (let i = 0; i < 5; i++) out.push((await post(url, `guess-${i}`, '{}', { 'X-Forwarded-For': `203.0.113.${i}` })).status);
        return out;
      };
      expect(await spoof(direct.url)).toEqual([401, 401, 401, 429, 429]);
      // Behind one trusted proxy each forwarded address is its own client (the proxy vouches for it)…
      expect(await spoof(proxied.url)).toEqual([401, 401, 401, 401, 401]);
      // …so one client still gets only 3 guesses.
      const one = [];
      for (let i = 0; i < 4; i++) one.push((await post(proxied.url, `guess-${i}`, '{}', { 'X-Forwarded-For': '198.51.100.7' })).status);
      expect(one).toEqual([401, 401, 401, 429]);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it('refuses a body over 1 MiB with 413 before minting, and unknown paths with 404, in the OpenAI envelope', async () => {
    const s = await server();
    try {
      const before = upstream.state.minted;
      const big = await post(s.url, ALICE, JSON.stringify({ session: { type: 'realtime', instructions: 'x'.repeat(1024 * 1024) } }));
      expect(big.status).toBe(413);
      expect((await big.json()).error.code).toBe('request_too_large');
      expect(upstream.state.minted).toBe(before);
      const missing = await fetch(`${s.url}/v1/other`);
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.message).toMatch(/Invalid URL/);
    } finally {
      await s.close();
    }
  });

  it('usage is readable with the admin token only; without one configured, by nobody', async () => {
    const none = await server();
    const withAdmin = await server({ adminToken: 'admin-token-0123456789abcdef' });
    try {
      expect((await fetch(`${none.url}/v1/admin/usage`, { headers: { Authorization: `Bearer ${ALICE}` } })).status).toBe(401);
      expect((await post(withAdmin.url, ALICE)).status).toBe(200);
      expect((await fetch(`${withAdmin.url}/v1/admin/usage`, { headers: { Authorization: `Bearer ${ALICE}` } })).status).toBe(401);
      const res = await fetch(`${withAdmin.url}/v1/admin/usage?day=${new Date().toISOString().slice(0, 10)}`, { headers: { Authorization: 'Bearer admin-token-0123456789abcdef' } });
      expect((await res.json()).users.alice).toMatchObject({ keys: 1, sessions: 0, costUsd: 0 });
      const bad = await fetch(`${withAdmin.url}/v1/usage`, { method: 'POST', headers: { Authorization: `Bearer ${ALICE}` }, body: JSON.stringify({ estimated_cost_usd: -5 }) });
      expect(bad.status).toBe(400);
    } finally {
      await none.close();
      await withAdmin.close();
    }
  });

  it('per-group policy: a group gets its own limit and session cap', async () => {
    const s = await server({
      users: [{ name: 'alice', token: ALICE }, { name: 'intern', token: 'tok-intern-55aa66bb77cc', groups: ['interns'] }],
      rateLimit: { perMinute: 5 },
      session: { model: 'gpt-realtime', maxDurationSeconds: 600 },
      groups: { interns: { perMinute: 1, session: { model: 'gpt-realtime-mini', maxDurationSeconds: 60 } } },
    });
    try {
      const first = await (await post(s.url, 'tok-intern-55aa66bb77cc')).json();
      expect(first.session.model).toBe('gpt-realtime-mini');
      expect(first.expires_at - Date.now() / 1000).toBeLessThanOrEqual(61);
      expect((await post(s.url, 'tok-intern-55aa66bb77cc')).status).toBe(429);
      const alice = await (await post(s.url, ALICE)).json();
      expect(alice.session.model).toBe('gpt-realtime');
      expect((await post(s.url, ALICE)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('users file: a new user works without a restart; a broken file keeps the previous users and never logs a token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-users-'));
    const file = path.join(dir, 'users.json');
    fs.writeFileSync(file, JSON.stringify([{ name: 'alice', token: ALICE }]));
    const logs: string[] = [];
    const log = (o: object, msg?: string) => logs.push(`${msg} ${JSON.stringify(o)}`);
    const s = await createTokenServer({ upstreamUrl: upstream.url, openaiApiKey: upstream.apiKey, usersFile: file, usersPollMs: 100, logger: { info: log, warn: log, error: log } });
    const until = async (cond: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      const BOB = 'tok-bob-a1b2c3d4e5f60718';
      expect((await post(s.url, BOB)).status).toBe(401);
      // Digests are accepted too, so the file need not hold usable tokens.
      const digest = (await import('node:crypto')).createHash('sha256').update(BOB).digest('hex');
      fs.writeFileSync(file, JSON.stringify([{ name: 'alice', token: ALICE }, { name: 'bob', tokenSha256: digest }]));
      await until(async () => (await post(s.url, BOB)).status === 200);
      expect((await post(s.url, BOB)).status).toBe(200);
      fs.writeFileSync(file, `[{"name":"alice","token":"${ALICE}"`); // truncated mid-edit
      await until(async () => logs.some((l) => l.includes('not reloaded')));
      expect(logs.some((l) => l.includes('users file not reloaded'))).toBe(true);
      expect((await post(s.url, BOB)).status).toBe(200);
      expect(logs.join('\n')).not.toContain(ALICE);
    } finally {
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drain: the in-flight mint finishes, new requests are refused, /readyz says not ready', async () => {
    const slow = await startFakeUpstream({ delayMs: 600 });
    const s = await createTokenServer({ upstreamUrl: slow.url, openaiApiKey: slow.apiKey, users: { [ALICE]: 'alice' } });
    try {
      const inFlight = post(s.url, ALICE);
      while (slow.state.received === 0) await new Promise((r) => setTimeout(r, 10)); // the mint is upstream now
      const drained = s.drain(5000);
      const during = await post(s.url, ALICE).then((r) => r.status, (e) => String(e.cause?.code ?? e));
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect((await res.json()).value).toMatch(/^ek_/);
      expect(res.headers.get('connection')).toBe('close');
      expect(['ECONNREFUSED', 503]).toContain(during);
      const ready = await s.app.request('/readyz');
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks.draining).toEqual({ ok: false, detail: 'shutting down' });
      await drained;
      expect(slow.state.minted).toBe(1);
    } finally {
      await s.close();
      await slow.close();
    }
  });

  it('configuration errors are readable, name the setting, and never echo a secret', () => {
    const env = { OPENAI_API_KEY: 'sk-secret-team-key', HARK_TOKEN_USERS: 'alice=tok-secret', REDIS_URL: 'http://cache:6379', HARK_UPSTREAM_KIND: 'gcp', HARK_ADMIN_TOKEN: 'short' };
    let message = '';
    try {
      loadConfig({ env, argv: [], readFile: () => '' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/invalid configuration/);
    expect(message).toMatch(/REDIS_URL/);
    expect(message).toMatch(/HARK_UPSTREAM_KIND/);
    expect(message).toMatch(/HARK_ADMIN_TOKEN/);
    expect(message).not.toMatch(/sk-secret|tok-secret|short/);
    expect(() => loadConfig({ env: { OPENAI_API_KEY: 'k', HARK_TOKEN_USERS: 'a=b' }, argv: ['--config', 'c.json'], readFile: () => '{"users": {"tok-x": ' })).toThrow(/^config file c.json: not valid JSON$/);
  });
});
