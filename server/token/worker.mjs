// @ts-check
/// <reference path="./cloudflare-workers.d.ts" />
/**
 * Hark's token server on Cloudflare Workers: the same Hono app as on Node (app.mjs); only the
 * state differs. TCP Redis is not available here, so limits and usage live in Durable Objects:
 * one `Counter` per limited key (exact and serialized, unlike KV, which is eventually
 * consistent) and one `UsageDay` per UTC day. Configuration comes from vars and secrets with the
 * same names as the Node server's env (see docs/deploy-token-server.md).
 */
import { DurableObject } from 'cloudflare:workers';
import { authChain, normalizeUsers, sha256, staticVerifier } from './auth.mjs';
import { createApp } from './app.mjs';
import { loadConfig } from './config.mjs';
import { upstreamMinter } from './upstream.mjs';

/** @typedef {import('./limits.mjs').UsageDelta} UsageDelta */
/** @typedef {import('./limits.mjs').Usage} Usage */

/** A fixed window for one key (`<limiter>:<size>:<key>`). */
export class Counter extends DurableObject {
  /** @param {number} points @param {number} windowMs @returns {Promise<import('./limits.mjs').Decision>} */
  async consume(points, windowMs) {
    const now = Date.now();
    /** @type {{ used: number, resetAt: number }} */
    let w = (await this.ctx.storage.get('w')) ?? { used: 0, resetAt: now + windowMs };
    if (now >= w.resetAt) w = { used: 0, resetAt: now + windowMs };
    if (w.used >= points) return { ok: false, msBeforeNext: w.resetAt - now };
    w.used += 1;
    await this.ctx.storage.put('w', w);
    return { ok: true, remaining: points - w.used, msBeforeNext: w.resetAt - now };
  }
}

/** Usage of every user on one UTC day. */
export class UsageDay extends DurableObject {
  /** @param {string} user @param {UsageDelta} delta */
  async add(user, delta) {
    /** @type {Usage} */
    const u = (await this.ctx.storage.get(user)) ?? { keys: 0, sessions: 0, rateLimited: 0, failed: 0, costUsd: 0 };
    for (const k of /** @type {(keyof Usage)[]} */ (Object.keys(u))) u[k] += delta[k] ?? 0;
    await this.ctx.storage.put(user, u);
  }
  /** @returns {Promise<Record<string, Usage>>} */
  async read() {
    return Object.fromEntries(await this.ctx.storage.list());
  }
}

/**
 * @template T
 * @typedef {{ idFromName: (name: string) => unknown, get: (id: unknown) => T }} Namespace
 */
/** @typedef {{ COUNTER: Namespace<Counter>, USAGE: Namespace<UsageDay>, [name: string]: unknown }} Env */
/** @type {{ app: ReturnType<typeof createApp>, env: Env } | null} */
let built = null;

/** @param {Env} env */
async function build(env) {
  const strings = /** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')));
  const config = loadConfig({ env: { HOST: '0.0.0.0', ...strings }, argv: [], readFile: () => { throw new Error('no files on Workers'); } });
  const users = await normalizeUsers(config.users ?? {});
  const adminDigest = config.adminToken ? await sha256(config.adminToken) : null;
  // Workers Logs parse JSON lines from console.log; pino is not needed here.
  const line = (/** @type {number} */ level) => (/** @type {object} */ o, /** @type {string | undefined} */ msg) => console.log(JSON.stringify({ level, msg, ...o }));
  /** @type {import('./app.mjs').Logger} */
  const log = { info: line(30), warn: line(40), error: line(50) };
  const usageDay = (/** @type {string} */ day) => env.USAGE.get(env.USAGE.idFromName(day));
  return createApp({
    authenticate: authChain([staticVerifier(() => users)], log),
    isAdmin: async (bearer) => (adminDigest ? (await staticVerifier(() => [{ name: 'admin', digest: adminDigest, groups: [] }]).verify(bearer)) !== null : false),
    limiter: (name, perMinute) => ({
      points: perMinute,
      async consume(key) {
        if (!(perMinute > 0)) return { ok: true, remaining: Infinity, msBeforeNext: 0 };
        try {
          return await env.COUNTER.get(env.COUNTER.idFromName(`${name}:${perMinute}:${key}`)).consume(perMinute, 60_000);
        } catch (e) {
          return { error: e instanceof Error ? e.message : String(e) };
        }
      },
    }),
    usage: {
      add: (user, delta, at = Date.now()) => usageDay(new Date(at).toISOString().slice(0, 10)).add(user, delta),
      read: (day) => usageDay(day).read(),
    },
    minter: upstreamMinter({ upstreamUrl: config.upstreamUrl, upstreamKind: config.upstreamKind, apiKey: config.openaiApiKey, callsUrl: config.callsUrl }),
    session: config.session,
    perMinute: config.rateLimit.perMinute,
    authFailuresPerMinute: config.rateLimit.authFailuresPerMinute,
    groups: config.groups,
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? '?',
    readiness: () => ({ store: { ok: true, detail: 'durable objects' } }),
    onRequest: (r) => log.info({ method: r.method, path: r.path, user: r.user, status: r.status, ms: Math.round(r.ms * 10) / 10 }, 'request'),
    log,
  });
}

export default {
  /** @param {Request} req @param {Env} env @param {import('hono').ExecutionContext} ctx */
  async fetch(req, env, ctx) {
    // Built once per isolate; a new secret (e.g. a revoked user) deploys a new version, new isolates.
    if (!built || built.env !== env) built = { app: await build(env), env };
    return built.app.fetch(req, env, ctx);
  },
};
