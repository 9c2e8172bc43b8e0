// @ts-check
/**
 * Hark's token server (team mode): holds the team's OpenAI key and mints short-lived client
 * secrets for authenticated users, so the long-lived key never reaches a browser.
 *
 *   POST /v1/realtime/client_secrets   same shape as OpenAI's. `Authorization: Bearer <user token>`;
 *                                      the body's session goes through the server's policy
 *                                      (policy.mjs), is forwarded upstream with the real key, and
 *                                      upstream's JSON comes back plus `calls_url` (where the
 *                                      browser posts its SDP offer, with the minted `ek_` key)
 *   GET  /healthz                      liveness: {status:'ok', uptimeSeconds}
 *
 * 401 for a missing or unknown user token, 429 + Retry-After when a user exceeds
 * `rateLimit.perMinute` (or a client address keeps failing to log in), upstream 400/403/429 are
 * passed through, an upstream 401 or 5xx becomes 502 (the user's token was fine; the server is
 * not). One log line per request: time, method, path, user, status, duration — never a body,
 * instructions, a user token or a key.
 *
 * Usage: `const s = await createTokenServer({...})`, then `s.url`, `s.state`, `await s.close()`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { HttpError, bearerToken, listen, parseJsonBody, readBody, send, sendError, sendJson } from '../http-util.mjs';
import { applyPolicy, maxSeconds } from './policy.mjs';
import { RateLimiter } from './rate-limit.mjs';
import { REJECT_MESSAGE, createOidcAuth, mergePolicy } from './auth-oidc.mjs';

/** @typedef {Record<string, any>} Json */
/** @typedef {import('./policy.mjs').SessionPolicy} SessionPolicy */
/**
 * @typedef {{
 *   port?: number,
 *   host?: string,
 *   upstreamUrl?: string,
 *   upstreamKind?: 'openai' | 'azure',
 *   openaiApiKey: string,
 *   users: Record<string, string> | { name: string, token: string }[],
 *   session?: SessionPolicy,
 *   rateLimit?: { perMinute?: number, authFailuresPerMinute?: number },
 *   callsUrl?: string,
 *   oidc?: import('./auth-oidc.mjs').OidcAuthOptions,
 *   upstreamTimeoutMs?: number,
 *   log?: (line: string) => void,
 *   now?: () => number,
 * }} TokenServerOptions
 *
 * - upstreamUrl: OpenAI-compatible base URL (default https://api.openai.com); for
 *   upstreamKind 'azure' the resource URL (`https://x.openai.azure.com`), minted at
 *   `/openai/v1/realtime/client_secrets` with an `api-key` header.
 * - users: `{ token: name }` or `[{ name, token }]`. Only SHA-256 digests are kept in memory.
 * - session: model (forced), instructionsPrefix, maxDurationSeconds (cap on the client
 *   secret's lifetime, 10…7200, default 600).
 * - rateLimit.perMinute: mint requests per user per sliding minute (default 10; 0 = unlimited);
 *   authFailuresPerMinute: failed logins per client address (default 20).
 * - callsUrl: what to return as `calls_url` (default derived from upstreamUrl).
 */
/**
 * @typedef {{ url: string, port: number, close: () => Promise<void>, state: TokenServerState }} TokenServer
 * @typedef {{
 *   url: string,
 *   startedAt: string,
 *   usage: Record<string, { minted: number, rateLimited: number, failed: number }>,
 *   requests: { at: string, method: string, path: string, user: string | null, status: number, ms: number }[],
 * }} TokenServerState
 */

const BODY_LIMIT = 1024 * 1024;
const REQUEST_LOG_LIMIT = 500;

/** @param {string} s */
const digest = (s) => createHash('sha256').update(s, 'utf8').digest();

/**
 * `{token: name}` or `[{name, token}]` → digests. Throws on an empty or duplicated token.
 * @param {TokenServerOptions['users']} users
 * @returns {{ name: string, digest: Buffer }[]}
 */
export function normalizeUsers(users) {
  const list = Array.isArray(users)
    ? users.map((u) => ({ name: String(u?.name ?? ''), token: String(u?.token ?? '') }))
    : Object.entries(users ?? {}).map(([token, name]) => ({ name: String(name), token }));
  const seen = new Set();
  return list.map(({ name, token }) => {
    if (!name || !token) throw new Error('token server: every user needs a name and a non-empty token');
    if (seen.has(token)) throw new Error(`token server: user "${name}" shares a token with another user`);
    seen.add(token);
    return { name, digest: digest(token) };
  });
}

/**
 * @param {TokenServerOptions} options
 * @returns {Promise<TokenServer>}
 */
export async function createTokenServer(options) {
  const host = options.host ?? '127.0.0.1';
  const upstreamKind = options.upstreamKind ?? 'openai';
  const upstreamUrl = (options.upstreamUrl ?? 'https://api.openai.com').replace(/\/+$/, '');
  const apiPrefix = upstreamKind === 'azure' ? `${upstreamUrl}/openai/v1` : `${upstreamUrl}/v1`;
  const mintUrl = `${apiPrefix}/realtime/client_secrets`;
  const callsUrl = options.callsUrl ?? `${apiPrefix}/realtime/calls`;
  const policy = options.session ?? {};
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const timeoutMs = options.upstreamTimeoutMs ?? 15_000;
  if (!options.openaiApiKey) throw new Error('token server: openaiApiKey is required');
  const users = normalizeUsers(options.users);
  // Single sign-on (auth-oidc.mjs): a bearer that is no static user's token is checked as an OIDC access token.
  const oidc = options.oidc ? createOidcAuth(options.oidc) : null;
  if (!users.length && !oidc) throw new Error('token server: configure at least one user');
  const perUser = new RateLimiter({ limit: options.rateLimit?.perMinute ?? 10, now });
  const authFailures = new RateLimiter({ limit: options.rateLimit?.authFailuresPerMinute ?? 20, now });
  const sweeper = setInterval(() => (perUser.sweep(), authFailures.sweep()), 60_000);
  sweeper.unref();

  /** @type {TokenServerState} */
  const state = { url: '', startedAt: new Date(now()).toISOString(), usage: {}, requests: [] };
  /** @param {string} name */
  const usage = (name) => (state.usage[name] ??= { minted: 0, rateLimited: 0, failed: 0 });

  /** The user a bearer token belongs to; compares digests in constant time against every user. */
  function authenticate(/** @type {string | null} */ token) {
    if (!token) return null;
    const d = digest(token);
    let found = null;
    for (const u of users) if (timingSafeEqual(d, u.digest) && !found) found = u.name;
    return found;
  }

  /** @param {number} ms */
  const retryAfter = (ms) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {{ user: string | null }} who
   */
  async function clientSecrets(req, res, who) {
    const address = req.socket.remoteAddress ?? '?';
    const token = bearerToken(req);
    let user = authenticate(token);
    /** @type {import('./auth-oidc.mjs').OidcCheck | null} */
    const sso = !user && oidc && token ? await oidc.check(token) : null;
    if (sso?.ok) user = sso.user;
    if (!user) {
      const gate = authFailures.hit(address);
      if (!gate.allowed) {
        throw new HttpError(429, { message: 'Too many failed logins from this address. Wait and try again.', type: 'rate_limit_error', code: 'rate_limit_exceeded' }, retryAfter(gate.retryAfterMs));
      }
      throw new HttpError(
        401,
        sso && !sso.ok && sso.reason !== 'malformed'
          ? { message: REJECT_MESSAGE[sso.reason], code: sso.reason === 'expired' ? 'token_expired' : 'invalid_api_key' }
          : token
          ? { message: 'Incorrect access token. Ask your Hark administrator for yours.', code: 'invalid_api_key' }
          : { message: "You didn't provide an access token. Send it as 'Authorization: Bearer <your Hark access token>'.", code: 'missing_access_token' },
        { 'WWW-Authenticate': 'Bearer realm="hark-token-server"' },
      );
    }
    who.user = user;
    const gate = perUser.hit(user);
    if (!gate.allowed) {
      usage(user).rateLimited++;
      throw new HttpError(
        429,
        { message: `Rate limit reached: at most ${perUser.limit} sessions per minute per user.`, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
        retryAfter(gate.retryAfterMs),
      );
    }
    const body = applyPolicy(parseJsonBody(await readBody(req, BODY_LIMIT)), sso?.ok ? mergePolicy(policy, sso.policy) : policy);

    /** @type {Response} */
    let upstream;
    try {
      upstream = await fetch(mintUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(upstreamKind === 'azure' ? { 'api-key': options.openaiApiKey } : { Authorization: `Bearer ${options.openaiApiKey}` }),
          // Lets the provider attribute abuse to an end user without learning who it is.
          'OpenAI-Safety-Identifier': createHash('sha256').update(`hark:${user}`).digest('hex').slice(0, 32),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      usage(user).failed++;
      const what = err instanceof Error && err.name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
      throw new HttpError(502, { message: `The upstream Realtime API ${what}.`, type: 'server_error', code: 'upstream_unreachable' });
    }
    const text = await upstream.text().catch(() => '');
    if (!upstream.ok) {
      usage(user).failed++;
      if (upstream.status === 401 || upstream.status >= 500) {
        const why = upstream.status === 401 ? "rejected the token server's API key" : `failed (HTTP ${upstream.status})`;
        throw new HttpError(502, { message: `The upstream Realtime API ${why}. Tell your Hark administrator.`, type: 'server_error', code: 'upstream_error' });
      }
      // 400 (session config), 403 (no Realtime access), 429 (quota): the client can act on these.
      const headers = /** @type {Record<string, string>} */ ({ 'Content-Type': 'application/json' });
      const ra = upstream.headers.get('retry-after');
      if (ra) headers['Retry-After'] = ra;
      return send(res, upstream.status, text || JSON.stringify({ error: { message: `Upstream HTTP ${upstream.status}`, type: 'invalid_request_error', param: null, code: null } }), headers);
    }
    /** @type {Json} */
    let data;
    try {
      data = JSON.parse(text);
      if (typeof data?.value !== 'string') throw new Error('no value');
    } catch {
      usage(user).failed++;
      throw new HttpError(502, { message: 'The upstream Realtime API answered with something unexpected.', type: 'server_error', code: 'upstream_error' });
    }
    usage(user).minted++;
    sendJson(res, 200, { ...data, calls_url: callsUrl });
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function route(req, res) {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/\/+$/, '') || '/';
    const started = process.hrtime.bigint();
    /** @type {{ user: string | null }} */
    const who = { user: null };
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const at = new Date(now()).toISOString();
      if (state.requests.length >= REQUEST_LOG_LIMIT) state.requests.shift();
      state.requests.push({ at, method, path, user: who.user, status: res.statusCode, ms });
      // Never the body, the instructions, a token or a key: only who, what, how it went, how long.
      log(`${at} ${method} ${path} user=${who.user ?? '-'} status=${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    try {
      if (method === 'OPTIONS') return send(res, 204, '');
      if ((method === 'GET' || method === 'HEAD') && path === '/healthz') {
        return sendJson(res, 200, { status: 'ok', uptimeSeconds: Math.round((now() - Date.parse(state.startedAt)) / 1000), maxKeySeconds: maxSeconds(policy) });
      }
      if (method === 'POST' && path === '/v1/realtime/client_secrets') return await clientSecrets(req, res, who);
      throw new HttpError(404, { message: `Invalid URL (${method} ${path})` });
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err.status, err.error, err.headers);
      log(`${new Date(now()).toISOString()} internal error: ${err instanceof Error ? err.name : 'unknown'}`);
      sendError(res, 500, { message: 'The token server had an error while processing your request.', type: 'server_error' });
    }
  }

  const server = createServer((req, res) => void route(req, res));
  const { url, port } = await listen(server, host, options.port);
  state.url = url;

  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    clearInterval(sweeper);
    await new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections();
    });
  }
  return { url, port, close, state };
}
