// @ts-check
/**
 * Hark's token server on Node: the Hono app (app.mjs) behind @hono/node-server, with memory or
 * Redis state, the reloadable users file, and a graceful drain. It holds the team's OpenAI key and
 * mints short-lived client secrets for authenticated users, so the long-lived key never reaches
 * a browser. See server/token/README.md and docs/deploy-token-server.md.
 *
 * Usage: `const s = await createTokenServer({...})`, then `s.url`, `s.state`, `await s.drain()`
 * (finish in-flight requests, refuse new ones) or `await s.close()` (at once).
 */
import { serve } from '@hono/node-server';
import { authChain, normalizeUsers, sha256, staticVerifier } from './auth.mjs';
import { clientAddressFrom, createApp } from './app.mjs';
import { limiterFactory, memoryUsage, redisUsage } from './limits.mjs';
import { createRedis } from './redis.mjs';
import { upstreamMinter } from './upstream.mjs';
import { usersSource } from './users-file.mjs';
import { oidcVerifier } from './auth-oidc.mjs';

export { normalizeUsers };

/**
 * @typedef {{
 *   port?: number, host?: string,
 *   upstreamUrl?: string, upstreamKind?: 'openai' | 'azure', callsUrl?: string, upstreamTimeoutMs?: number,
 *   openaiApiKey: string,
 *   users?: import('./auth.mjs').UsersConfig, usersFile?: string, usersPollMs?: number,
 *   verifiers?: import('./auth.mjs').Verifier[],
 *   oidc?: import('./auth-oidc.mjs').OidcAuthOptions,
 *   session?: import('./policy.mjs').SessionPolicy,
 *   rateLimit?: { perMinute?: number, authFailuresPerMinute?: number },
 *   groups?: import('./group-policy.mjs').GroupsConfig,
 *   redisUrl?: string, adminToken?: string, trustProxy?: number, graceMs?: number,
 *   log?: (line: string) => void,
 *   logger?: import('./app.mjs').Logger,
 *   now?: () => number,
 * }} TokenServerOptions
 *
 * - users: `{ token: name }` or `[{ name, token | tokenSha256, groups? }]`; usersFile: the same
 *   shape in a JSON file, re-read when it changes (every usersPollMs, default 1000).
 * - verifiers: more identity sources tried after the static tokens (e.g. OIDC, auth-oidc.mjs).
 * - redisUrl: share limits and usage with every instance on the same Redis; unset = in memory.
 * - log: one plain line per request (tests, `npm run token-server` in a terminal);
 *   logger: a pino-style JSON logger (main.mjs). Neither ever receives a body, token or key.
 */
/**
 * @typedef {{
 *   url: string, startedAt: string,
 *   usage: Record<string, { minted: number, rateLimited: number, failed: number }>,
 *   requests: import('./app.mjs').RequestRecord[],
 * }} TokenServerState
 */

const REQUEST_LOG_LIMIT = 500;
/** @type {import('./app.mjs').Logger} */
const quiet = { info() {}, warn() {}, error() {} };

/** @param {TokenServerOptions} options */
export async function createTokenServer(options) {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? quiet;
  if (!options.openaiApiKey) throw new Error('token server: openaiApiKey is required');
  // With single sign-on, static users are optional.
  const users = await usersSource({ users: options.users, file: options.usersFile, pollMs: options.usersPollMs, log: logger, allowNone: !!options.oidc });
  const redis = options.redisUrl ? createRedis(options.redisUrl, { log: logger }) : null;
  if (redis && !(await redis.ready())) logger.error({ redis: 'down' }, 'redis not reachable at start: serving, but minting is refused until it is');
  const adminDigest = options.adminToken ? await sha256(options.adminToken) : null;
  const staticUsers = staticVerifier(users.current);

  /** @type {TokenServerState} */
  const state = { url: '', startedAt: new Date(now()).toISOString(), usage: {}, requests: [] };
  let draining = false;

  const app = createApp({
    authenticate: authChain([staticUsers, ...(options.oidc ? [oidcVerifier(options.oidc, options.session ?? {})] : []), ...(options.verifiers ?? [])], logger),
    isAdmin: async (bearer) => (adminDigest ? (await staticVerifier(() => [{ name: 'admin', digest: adminDigest, groups: [] }]).verify(bearer)) !== null : false),
    limiter: limiterFactory({ redis: redis?.client }),
    usage: redis ? redisUsage({ redis: redis.client, now }) : memoryUsage({ now }),
    minter: upstreamMinter({ upstreamUrl: options.upstreamUrl, upstreamKind: options.upstreamKind, apiKey: options.openaiApiKey, callsUrl: options.callsUrl, timeoutMs: options.upstreamTimeoutMs }),
    session: options.session,
    perMinute: options.rateLimit?.perMinute ?? 10,
    authFailuresPerMinute: options.rateLimit?.authFailuresPerMinute ?? 20,
    groups: options.groups,
    clientAddress: (c) => clientAddressFrom(c.env?.incoming?.socket?.remoteAddress ?? '?', c.req.header('x-forwarded-for'), options.trustProxy ?? 0),
    readiness: () => ({ store: redis ? redis.health() : { ok: true, detail: 'memory (one instance)' } }),
    isDraining: () => draining,
    onUsage: (user, d) => {
      const u = (state.usage[user] ??= { minted: 0, rateLimited: 0, failed: 0 });
      u.minted += d.keys ?? 0;
      u.rateLimited += d.rateLimited ?? 0;
      u.failed += d.failed ?? 0;
    },
    onRequest: (r) => {
      if (state.requests.length >= REQUEST_LOG_LIMIT) state.requests.shift();
      state.requests.push(r);
      // Never the body, the instructions, a token or a key: only who, what, how it went, how long.
      options.log?.(`${new Date(now()).toISOString()} ${r.method} ${r.path} user=${r.user ?? '-'} status=${r.status} ${r.ms.toFixed(1)}ms`);
      logger.info({ method: r.method, path: r.path, user: r.user, status: r.status, ms: Math.round(r.ms * 10) / 10, client: r.client }, 'request');
    },
    log: logger,
    now,
  });

  /** @type {import('node:http').Server} */
  let server;
  const port = await new Promise((resolve, reject) => {
    server = /** @type {import('node:http').Server} */ (serve({ fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' }, (info) => resolve(info.port)));
    server.once('error', reject);
  });
  const host = options.host ?? '127.0.0.1';
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  state.url = `http://${shown}:${port}`;

  let closed = false;
  async function shutdown() {
    users.close();
    await redis?.close();
  }
  /** Refuse new connections, let in-flight requests finish (up to graceMs), then stop. */
  async function drain(graceMs = options.graceMs ?? 10_000) {
    if (closed) return;
    closed = draining = true;
    const done = new Promise((resolve) => server.close(() => resolve(true)));
    // close() only drops sockets idle *now*; a keep-alive socket whose request finishes later
    // would hold the process until keepAliveTimeout. Sweep the idle ones until all are gone.
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    const late = await Promise.race([done, new Promise((r) => setTimeout(() => r(false), graceMs))]);
    clearInterval(reaper);
    if (!late) {
      logger.error({ graceMs }, 'drain timed out: closing the remaining connections');
      server.closeAllConnections();
    }
    await shutdown();
  }
  async function close() {
    if (closed) return;
    closed = true;
    await new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections();
    });
    await shutdown();
  }
  return { url: state.url, port, close, drain, state, app };
}
