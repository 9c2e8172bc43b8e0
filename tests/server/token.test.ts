// @vitest-environment node
/**
 * Hark's token server (server/token) in front of the local Realtime server as its "OpenAI":
 * user authentication, the session policy, rate limits, upstream failures, logging without
 * content, and a minted key that really opens a call at the returned calls_url.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { createTokenServer, normalizeUsers } from '../../server/token/token-server.mjs';
import { limiterFactory, memoryUsage } from '../../server/token/limits.mjs';
import { applyPolicy } from '../../server/token/policy.mjs';
import { loadConfig, parseUsersEnv } from '../../server/token/config.mjs';
import { connect, postJson } from './helpers';

type Upstream = Awaited<ReturnType<typeof createRealtimeServer>>;
type Tokens = Awaited<ReturnType<typeof createTokenServer>>;

const TEAM_KEY = 'sk-team-upstream-key-0123456789';
const ALICE = 'tok-alice-5f1c2a9e7d3b4c68';
const BOB = 'tok-bob-0a9b8c7d6e5f4a3b';
const CAROL = 'tok-carol-77e6d5c4b3a29180';
const PREFIX = 'Team policy: be brief.';
const INSTRUCTIONS = 'Page title: Secret Roadmap';
const body = { expires_after: { anchor: 'created_at', seconds: 7200 }, session: { type: 'realtime', model: 'gpt-4o-realtime-preview', instructions: INSTRUCTIONS, audio: { output: { voice: 'marin' } } } };

describe('token server', () => {
  let upstream: Upstream;
  let tokens: Tokens;
  const logs: string[] = [];
  const secrets = () => `${tokens.url}/v1/realtime/client_secrets`;

  beforeAll(async () => {
    upstream = await createRealtimeServer({ apiKeys: [TEAM_KEY], control: true });
    tokens = await createTokenServer({
      upstreamUrl: upstream.url,
      openaiApiKey: TEAM_KEY,
      users: { [ALICE]: 'alice', [BOB]: 'bob', [CAROL]: 'carol' },
      session: { model: 'gpt-realtime', instructionsPrefix: PREFIX, maxDurationSeconds: 60 },
      rateLimit: { perMinute: 4 },
      log: (l) => logs.push(l),
    });
  });
  afterAll(async () => {
    await tokens?.close();
    await upstream?.close();
  });

  it('rejects a missing or wrong user token with 401 (OpenAI error shape), without calling upstream', async () => {
    const missing = await postJson(secrets(), body, null);
    expect(missing.res.status).toBe(401);
    expect(missing.json!.error).toMatchObject({ type: 'invalid_request_error', code: 'missing_access_token' });
    expect(missing.res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await postJson(secrets(), body, 'tok-nobody');
    expect(wrong.res.status).toBe(401);
    expect(wrong.json!.error.code).toBe('invalid_api_key');
    expect(wrong.text).not.toContain('tok-nobody');
    // The team key must not work as a user token either.
    expect((await postJson(secrets(), body, TEAM_KEY)).res.status).toBe(401);
    expect(upstream.state.http.counts['POST /v1/realtime/client_secrets']).toBeUndefined();
  });

  it('mints with the team key under the server policy, and returns calls_url', async () => {
    const before = Date.now() / 1000;
    const { res, json } = await postJson(secrets(), body, ALICE);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(json!.value).toMatch(/^ek_/);
    expect(json!.calls_url).toBe(`${upstream.url}/v1/realtime/calls`);
    // Policy: model forced, prefix in front of the client's instructions, lifetime capped at 60 s.
    expect(json!.session.model).toBe('gpt-realtime');
    expect(json!.session.instructions).toBe(`${PREFIX}\n\n${INSTRUCTIONS}`);
    expect(json!.session.audio.output.voice).toBe('marin');
    expect(json!.expires_at - before).toBeLessThanOrEqual(61);
    expect(upstream.state.http.counts['POST /v1/realtime/client_secrets']).toEqual({ 200: 1 });
    expect(tokens.state.usage.alice.minted).toBe(1);
  });

  it('the minted key opens a call at calls_url (WebRTC against the upstream)', async () => {
    const { json } = await postJson(secrets(), body, BOB);
    const client = await connect(json!.calls_url.replace(/\/v1\/realtime\/calls$/, ''), json!.value);
    try {
      const created = await client.events.waitFor('session.created');
      expect(created.session.instructions).toBe(`${PREFIX}\n\n${INSTRUCTIONS}`);
      expect(upstream.state.calls.at(-1).auth).toBe('ephemeral');
    } finally {
      await client.close();
    }
  });

  it('rate-limits each user separately with 429 + Retry-After', async () => {
    // alice used 1 of 4; bob used 1 of 4.
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const started = Date.now();
    for (let i = 0; i < 6; i++) {
      const { res, json } = await postJson(secrets(), body, ALICE);
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(json!.error.code).toBe('rate_limit_exceeded');
      }
    }
    const ok = statuses.filter((s) => s === 200).length;
    console.log(`token server rate limit (4/min/user): alice sent 6 more → ${ok}×200, ${statuses.length - ok}×429, retry-after ${retryAfter} s, ${Date.now() - started} ms`);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(50);
    expect(tokens.state.usage.alice.rateLimited).toBe(3);
    // bob is unaffected.
    expect((await postJson(secrets(), body, BOB)).res.status).toBe(200);
  });

  it('passes upstream 403/429 through, and turns upstream 401/5xx into 502', async () => {
    const fail = (status: number, headers?: Record<string, string>) =>
      postJson(`${upstream.url}/_control/fail-next`, { path: 'client_secrets', status, headers }, TEAM_KEY);
    // carol has her own budget (4/min): exactly these four requests.
    await fail(403);
    expect((await postJson(secrets(), body, CAROL)).res.status).toBe(403);
    await fail(429, { 'Retry-After': '7' });
    const limited = await postJson(secrets(), body, CAROL);
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBe('7');
    await fail(401);
    const keyProblem = await postJson(secrets(), body, CAROL);
    expect(keyProblem.res.status).toBe(502);
    expect(keyProblem.json!.error.message).toMatch(/rejected the token server's API key/);
    await fail(503);
    expect((await postJson(secrets(), body, CAROL)).res.status).toBe(502);
  });

  it('answers health checks and CORS preflights', async () => {
    const health = await fetch(`${tokens.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', maxKeySeconds: 60 });
    const pre = await fetch(secrets(), { method: 'OPTIONS', headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(pre.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('logs one line per request with user, status and duration, and never a token, key or content', () => {
    expect(logs.length).toBeGreaterThan(10);
    for (const line of logs) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z (GET|POST|OPTIONS) \/\S* user=\S+ status=\d{3} \d+\.\dms$/);
      for (const secret of [TEAM_KEY, ALICE, BOB, CAROL, INSTRUCTIONS, PREFIX, 'tok-nobody']) expect(line).not.toContain(secret);
    }
    expect(logs.some((l) => l.includes('user=alice status=200'))).toBe(true);
    expect(logs.some((l) => l.includes('user=- status=401'))).toBe(true);
    expect(logs.some((l) => l.includes('user=alice status=429'))).toBe(true);
  });

  it('an unreachable upstream is a 502, not a hang', async () => {
    const dead = await createTokenServer({ upstreamUrl: 'http://127.0.0.1:9', openaiApiKey: TEAM_KEY, users: [{ name: 'a', token: ALICE }] });
    try {
      const r = await postJson(`${dead.url}/v1/realtime/client_secrets`, body, ALICE);
      expect(r.res.status).toBe(502);
      expect(r.json!.error.code).toBe('upstream_unreachable');
    } finally {
      await dead.close();
    }
  });

  it('failed logins from one address are rate-limited too', async () => {
    const s = await createTokenServer({ upstreamUrl: upstream.url, openaiApiKey: TEAM_KEY, users: { [ALICE]: 'alice' }, rateLimit: { authFailuresPerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await postJson(`${s.url}/v1/realtime/client_secrets`, body, `guess-${i}`)).res.status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await s.close();
    }
  });
});

describe('limiters and usage (memory)', () => {
  it('allows `perWindow` hits per key per window, then says how long to wait; 0 means unlimited', async () => {
    const limiter = limiterFactory({})('test', 2);
    expect(await limiter.consume('a')).toMatchObject({ ok: true, remaining: 1 });
    expect(await limiter.consume('a')).toMatchObject({ ok: true, remaining: 0 });
    const refused = await limiter.consume('a');
    expect(refused).toMatchObject({ ok: false });
    expect('msBeforeNext' in refused && refused.msBeforeNext).toBeGreaterThan(50_000);
    expect(await limiter.consume('b')).toMatchObject({ ok: true });
    const unlimited = limiterFactory({})('test', 0);
    for (let i = 0; i < 100; i++) expect(await unlimited.consume('x')).toMatchObject({ ok: true });
  });

  it('counts usage per user per UTC day', async () => {
    let now = Date.parse('2026-12-01T23:59:59Z');
    const usage = memoryUsage({ now: () => now });
    await usage.add('alice', { keys: 1, costUsd: 0.25 });
    await usage.add('alice', { keys: 1, sessions: 1, costUsd: 0.5 });
    now += 2000;
    await usage.add('alice', { rateLimited: 1 });
    expect(await usage.read('2026-12-01')).toEqual({ alice: { keys: 2, sessions: 1, rateLimited: 0, failed: 0, costUsd: 0.75 } });
    expect((await usage.read('2026-12-02')).alice.rateLimited).toBe(1);
  });
});

describe('applyPolicy', () => {
  it('forces the model, prefixes instructions, caps and floors the lifetime, refuses other fields', () => {
    const out = applyPolicy({ expires_after: { seconds: 5 }, session: { type: 'realtime', model: 'x', instructions: 'hi' } }, { model: 'gpt-realtime', instructionsPrefix: 'P', maxDurationSeconds: 99 });
    // Unknown top-level fields used to be dropped silently; now a 400 names them (session-fields.mjs).
    expect(() => applyPolicy({ session: { type: 'realtime' }, extra: 1 }, {})).toThrow(/Unknown parameter: 'extra'/);
    expect(out).toEqual({ expires_after: { anchor: 'created_at', seconds: 10 }, session: { type: 'realtime', model: 'gpt-realtime', instructions: 'P\n\nhi' } });
    expect(applyPolicy({}, { maxDurationSeconds: 99 }).expires_after.seconds).toBe(99);
    expect(applyPolicy({ session: {} }, { instructionsPrefix: 'P' }).session.instructions).toBe('P');
    expect(applyPolicy({ expires_after: { seconds: 100000 } }, { maxDurationSeconds: 1e9 }).expires_after.seconds).toBe(7200);
  });

  it('refuses transcription sessions and non-objects', () => {
    expect(() => applyPolicy({ session: { type: 'transcription' } }, {})).toThrow(/only mints 'realtime'/);
    expect(() => applyPolicy([], {})).toThrow();
    expect(() => applyPolicy({ session: 'x' }, {})).toThrow();
  });
});

describe('configuration', () => {
  it('reads users as {token: name}, [{name, token}] or name=token env, refusing empty or shared tokens', async () => {
    expect((await normalizeUsers({ t1: 'a' })).map((u) => u.name)).toEqual(['a']);
    expect((await normalizeUsers([{ name: 'b', token: 't2' }]))[0].digest).toHaveLength(32);
    await expect(normalizeUsers([{ name: 'a', token: '' }])).rejects.toThrow();
    await expect(normalizeUsers([{ name: 'a', token: 'has space' }])).rejects.toThrow(/token of "a" may use only/);
    await expect(normalizeUsers([{ name: 'a', token: 't' }, { name: 'b', token: 't' }])).rejects.toThrow(/shares a token/);
    expect(parseUsersEnv('alice=t1, bob=t=2')).toEqual([{ name: 'alice', token: 't1' }, { name: 'bob', token: 't=2' }]);
  });

  it('env wins over the JSON file; a key and users are required', () => {
    const file = JSON.stringify({ port: 9000, users: { t: 'x' }, session: { model: 'm', instructionsPrefix: 'P' }, rateLimit: { perMinute: 3 } });
    const cfg = loadConfig({ env: { OPENAI_API_KEY: 'sk', HARK_RATE_PER_MINUTE: '7' }, argv: ['--config', 'c.json'], readFile: () => file });
    expect(cfg).toMatchObject({ port: 9000, openaiApiKey: 'sk', users: { t: 'x' }, session: { model: 'm', instructionsPrefix: 'P', maxDurationSeconds: 600 }, rateLimit: { perMinute: 7 } });
    expect(() => loadConfig({ env: { HARK_TOKEN_USERS: 'a=b' }, argv: [], readFile: () => '' })).toThrow(/OPENAI_API_KEY/);
    expect(() => loadConfig({ env: { OPENAI_API_KEY: 'sk' }, argv: [], readFile: () => '' })).toThrow(/users/);
  });
});
