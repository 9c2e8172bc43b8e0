// @ts-check
/**
 * The token server's one request handler, written against web standards (Hono): the same app
 * runs on Node (token-server.mjs, through @hono/node-server) and on Cloudflare Workers
 * (worker.mjs). Everything stateful is injected: who a bearer token belongs to (auth.mjs), the
 * limiters and usage store (limits.mjs: memory, Redis or Durable Objects), the upstream mint.
 *
 *   POST /v1/realtime/client_secrets   OpenAI's shape; bearer user token → rate limit → policy → mint
 *   POST /v1/usage                     the client reports a finished session and its estimated cost
 *   GET  /v1/admin/usage?day=…         usage per user for a UTC day (admin token)
 *   GET  /healthz                      liveness;  GET /readyz  readiness (store up, not draining)
 *
 * Fail closed: if a limiter's store cannot answer, no key is minted (503), because an unlimited
 * mint path on the team's key is worse than a short outage.
 */
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HttpError, errorResponse } from './http-error.mjs';
import { dayOf } from './day.mjs';
import { applyPolicy, maxSeconds } from './policy.mjs';
import { groupPolicy } from './group-policy.mjs';

/** @typedef {{ info: (o: object, msg?: string) => void, warn: (o: object, msg?: string) => void, error: (o: object, msg?: string) => void }} Logger */
/** @typedef {{ method: string, path: string, user: string | null, status: number, ms: number, client: string }} RequestRecord */
/**
 * @typedef {{
 *   authenticate: (bearer: string, refuse?: (why: { message: string, code: string }) => void) => Promise<import('./auth.mjs').Identity | null>,
 *   isAdmin: (bearer: string) => Promise<boolean>,
 *   limiter: (name: string, perMinute: number) => import('./limits.mjs').Limiter,
 *   usage: import('./limits.mjs').UsageStore,
 *   minter: ReturnType<typeof import('./upstream.mjs').upstreamMinter>,
 *   session?: import('./policy.mjs').SessionPolicy,
 *   perMinute?: number,
 *   authFailuresPerMinute?: number,
 *   groups?: import('./group-policy.mjs').GroupsConfig,
 *   clientAddress: (c: import('hono').Context) => string,
 *   readiness?: () => Record<string, { ok: boolean, detail: string }>,
 *   isDraining?: () => boolean,
 *   onRequest?: (r: RequestRecord) => void,
 *   onUsage?: (user: string, delta: import('./limits.mjs').UsageDelta) => void,
 *   log: Logger,
 *   now?: () => number,
 * }} AppDeps
 */

export const BODY_LIMIT = 1024 * 1024;
const CORS = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'OpenAI-Beta', 'OpenAI-Safety-Identifier', 'OpenAI-Organization', 'OpenAI-Project'],
  exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id'],
  maxAge: 600,
});
const tooLarge = () => errorResponse(413, { message: `Request body too large (more than ${BODY_LIMIT} bytes).`, code: 'request_too_large' });
/** @param {number} ms */
const retryAfter = (ms) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });
const storeDown = () =>
  errorResponse(503, { message: 'The token server cannot reach its rate-limit store, so it mints nothing for now. Try again shortly.', type: 'server_error', code: 'rate_limiter_unavailable' }, { 'Retry-After': '5' });

/** @param {AppDeps} deps */
export function createApp(deps) {
  const { log, usage } = deps;
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const base = { session: deps.session ?? {}, perMinute: deps.perMinute ?? 10 };
  const policyFor = groupPolicy(base, deps.groups ?? {});
  /** @type {Hono<{ Variables: { identity: import('./auth.mjs').Identity, refusal: { message: string, code: string } } }>} */
  const app = new Hono({ strict: false });

  // Awaited (one store round trip) so a usage read right after an answer includes it; a store
  // failure here is logged, not fatal: the key is already minted and must reach its user.
  const count = async (/** @type {string} */ user, /** @type {import('./limits.mjs').UsageDelta} */ delta) => {
    deps.onUsage?.(user, delta);
    await usage.add(user, delta, now()).catch((e) => log.error({ user, err: e instanceof Error ? e.message : String(e) }, 'usage not recorded'));
  };

  app.use('*', async (c, next) => {
    const started = performance.now();
    const draining = deps.isDraining?.() ?? false;
    if (draining && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      c.res = errorResponse(503, { message: 'This token server instance is shutting down. Try again.', type: 'server_error', code: 'draining' }, { 'Retry-After': '1' });
    } else await next();
    // Checked again at the end: a request that was in flight when the drain began must close its socket too.
    if (deps.isDraining?.()) c.res.headers.set('Connection', 'close');
    const record = { method: c.req.method, path: new URL(c.req.url).pathname, user: c.get('identity')?.user ?? null, status: c.res.status, ms: performance.now() - started, client: deps.clientAddress(c) };
    deps.onRequest?.(record);
  });
  app.use('*', CORS);
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(err.status, err.error, err.headers);
    if (err && typeof err === 'object' && 'getResponse' in err && typeof err.getResponse === 'function') return err.getResponse();
    log.error({ err: err instanceof Error ? err.name : 'unknown', path: new URL(c.req.url).pathname }, 'internal error');
    return errorResponse(500, { message: 'The token server had an error while processing your request.', type: 'server_error' });
  });
  app.notFound((c) => errorResponse(404, { message: `Invalid URL (${c.req.method} ${new URL(c.req.url).pathname})` }));

  /** A failed login: counted per client address; past the limit a 429, and a store failure a 503. @param {import('hono').Context} c @param {Response} answer */
  async function failedLogin(c, answer) {
    const gate = await deps.limiter('authfail', deps.authFailuresPerMinute ?? 20).consume(deps.clientAddress(c));
    if ('error' in gate) return storeDown();
    if (!gate.ok) return errorResponse(429, { message: 'Too many failed logins from this address. Wait and try again.', type: 'rate_limit_error', code: 'rate_limit_exceeded' }, retryAfter(gate.msBeforeNext));
    return answer;
  }
  const challenge = { 'WWW-Authenticate': 'Bearer realm="hark-token-server"' };
  /** @param {(bearer: string, c: import('hono').Context) => Promise<boolean>} verifyToken */
  const auth = (verifyToken) =>
    bearerAuth({
      verifyToken,
      realm: 'hark-token-server',
      noAuthenticationHeader: {
        message: (c) => failedLogin(c, errorResponse(401, { message: "You didn't provide an access token. Send it as 'Authorization: Bearer <your Hark access token>'.", code: 'missing_access_token' }, challenge)),
      },
      invalidAuthenticationHeader: { message: (c) => failedLogin(c, errorResponse(401, { message: 'Incorrect access token. Ask your Hark administrator for yours.', code: 'invalid_api_key' }, challenge)) },
      invalidToken: {
        message: (c) =>
          failedLogin(c, errorResponse(401, c.get('refusal') ?? { message: 'Incorrect access token. Ask your Hark administrator for yours.', code: 'invalid_api_key' }, challenge)),
      },
    });
  const user = auth(async (bearer, c) => {
    const identity = await deps.authenticate(bearer, (why) => c.set('refusal', why));
    if (identity) c.set('identity', identity);
    return identity !== null;
  });
  const admin = auth((bearer) => deps.isAdmin(bearer));
  const limitBody = bodyLimit({ maxSize: BODY_LIMIT, onError: tooLarge });

  app.on(['GET', 'HEAD'], '/healthz', (c) => c.json({ status: 'ok', uptimeSeconds: Math.round((now() - startedAt) / 1000), maxKeySeconds: maxSeconds(base.session) }));
  app.get('/readyz', (c) => {
    const checks = { ...deps.readiness?.(), draining: { ok: !(deps.isDraining?.() ?? false), detail: deps.isDraining?.() ? 'shutting down' : 'no' } };
    const ready = Object.values(checks).every((x) => x.ok);
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });

  app.post('/v1/realtime/client_secrets', limitBody, user, async (c) => {
    const { user: name } = c.get('identity');
    const identity = c.get('identity');
    const byGroup = policyFor(identity);
    // A single-sign-on group's own session fields (auth-oidc.mjs) lie over the server's policy.
    const policy = identity.session ? { ...byGroup, session: { ...byGroup.session, ...identity.session } } : byGroup;
    const gate = await deps.limiter('mint', policy.perMinute).consume(name);
    if ('error' in gate) {
      log.error({ user: name, err: gate.error }, 'rate limiter unavailable: refusing to mint');
      return storeDown();
    }
    if (!gate.ok) {
      await count(name, { rateLimited: 1 });
      return errorResponse(429, { message: `Rate limit reached: at most ${policy.perMinute} sessions per minute per user.`, type: 'rate_limit_error', code: 'rate_limit_exceeded' }, retryAfter(gate.msBeforeNext));
    }
    const body = applyPolicy(await jsonBody(c.req.raw), policy.session);
    const result = await deps.minter.mint(body, name);
    if (!result.ok) {
      await count(name, { failed: 1 });
      if ('error' in result) throw new HttpError(result.status, result.error);
      const headers = /** @type {Record<string, string>} */ ({ 'Content-Type': 'application/json' });
      if (result.retryAfter) headers['Retry-After'] = result.retryAfter;
      const text = result.text || JSON.stringify({ error: { message: `Upstream HTTP ${result.status}`, type: 'invalid_request_error', param: null, code: null } });
      return new Response(text, { status: result.status, headers });
    }
    await count(name, { keys: 1 });
    return c.json({ ...result.data, calls_url: deps.minter.callsUrl });
  });

  app.post('/v1/usage', limitBody, user, async (c) => {
    const { user: name } = c.get('identity');
    const report = /** @type {Record<string, unknown>} */ (await jsonBody(c.req.raw));
    const sessions = report.sessions ?? 1;
    const cost = report.estimated_cost_usd ?? 0;
    if (!Number.isInteger(sessions) || Number(sessions) < 0 || Number(sessions) > 100) throw new HttpError(400, { message: "'sessions' must be an integer 0…100.", param: 'sessions', code: 'invalid_value' });
    if (typeof cost !== 'number' || !(cost >= 0 && cost <= 1000)) throw new HttpError(400, { message: "'estimated_cost_usd' must be a number 0…1000.", param: 'estimated_cost_usd', code: 'invalid_value' });
    const gate = await deps.limiter('report', 60).consume(name);
    if ('error' in gate) return storeDown();
    if (!gate.ok) return errorResponse(429, { message: 'Too many usage reports.', type: 'rate_limit_error', code: 'rate_limit_exceeded' }, retryAfter(gate.msBeforeNext));
    try {
      await usage.add(name, { sessions: Number(sessions), costUsd: cost }, now());
    } catch {
      return storeDown();
    }
    return c.body(null, 204);
  });

  app.get('/v1/admin/usage', admin, async (c) => {
    const day = c.req.query('day') ?? dayOf(now());
    if (!/^\d{4}-\d\d-\d\d$/.test(day)) throw new HttpError(400, { message: "'day' must be YYYY-MM-DD (UTC).", param: 'day', code: 'invalid_value' });
    try {
      return c.json({ day, users: await usage.read(day) });
    } catch {
      return storeDown();
    }
  });
  return app;
}

/** The JSON body; empty means `{}`. @param {Request} req @returns {Promise<unknown>} */
async function jsonBody(req) {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, {
      message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      code: null,
    });
  }
}

/**
 * The client's address behind `hops` trusted proxies: each proxy appends the address it saw to
 * X-Forwarded-For, so the entry `hops` from the right is the last one a trusted proxy vouched for.
 * With 0 hops the header is ignored (anyone can send it).
 * @param {string} remote the socket's peer @param {string | undefined} forwardedFor @param {number} hops
 */
export function clientAddressFrom(remote, forwardedFor, hops) {
  if (!hops || !forwardedFor) return remote;
  const list = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean);
  return list[list.length - hops] ?? list[0] ?? remote;
}
