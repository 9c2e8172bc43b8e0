// @ts-check
/**
 * Rate limits and usage counters, in memory (one process, the default) or in Redis (any number of
 * instances enforce one limit). Limits are fixed one-minute windows from `rate-limiter-flexible`:
 * in Redis each hit is one atomic Lua call, so two instances hitting the same key never both see
 * the last point. A store failure is `{ error }`, never a pass: the caller fails closed.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { dayOf } from './day.mjs';

/** @typedef {{ ok: true, remaining: number, msBeforeNext: number } | { ok: false, msBeforeNext: number } | { error: string }} Decision */
/** @typedef {{ points: number, consume: (key: string) => Promise<Decision> }} Limiter */
/** @typedef {{ keys: number, sessions: number, rateLimited: number, failed: number, costUsd: number }} Usage */
/** @typedef {Partial<Usage>} UsageDelta */
/**
 * @typedef {{
 *   add: (user: string, delta: UsageDelta, at?: number) => Promise<void>,
 *   read: (day: string) => Promise<Record<string, Usage>>,
 * }} UsageStore
 */

export const USAGE_FIELDS = /** @type {const} */ (['keys', 'sessions', 'rateLimited', 'failed', 'costUsd']);

/**
 * @param {{ redis?: import('ioredis').Redis | null, prefix?: string, windowSeconds?: number }} options
 * @returns {(name: string, perWindow: number) => Limiter} limiters by name and size, made once each
 */
export function limiterFactory({ redis = null, prefix = 'hark', windowSeconds = 60 }) {
  /** @type {Map<string, Limiter>} */
  const made = new Map();
  return (name, perWindow) => {
    const id = `${name}:${perWindow}`;
    let limiter = made.get(id);
    if (!limiter) made.set(id, (limiter = makeLimiter({ redis, keyPrefix: `${prefix}:rl:${id}`, points: perWindow, duration: windowSeconds })));
    return limiter;
  };
}

/** @param {{ redis: import('ioredis').Redis | null, keyPrefix: string, points: number, duration: number }} o @returns {Limiter} */
function makeLimiter({ redis, keyPrefix, points, duration }) {
  if (!Number.isFinite(points) || points <= 0) {
    return { points: Infinity, consume: async () => ({ ok: true, remaining: Infinity, msBeforeNext: 0 }) };
  }
  const rl = redis
    ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true })
    : new RateLimiterMemory({ points, duration, keyPrefix });
  return {
    points,
    async consume(key) {
      try {
        const r = await rl.consume(key);
        return { ok: true, remaining: r.remainingPoints, msBeforeNext: r.msBeforeNext };
      } catch (e) {
        if (e instanceof RateLimiterRes) return { ok: false, msBeforeNext: e.msBeforeNext };
        return { error: e instanceof Error ? e.message || e.name : String(e) };
      }
    },
  };
}


/** @returns {Usage} */
const empty = () => ({ keys: 0, sessions: 0, rateLimited: 0, failed: 0, costUsd: 0 });

/** @param {{ now?: () => number }} [o] @returns {UsageStore} */
export function memoryUsage({ now = Date.now } = {}) {
  /** @type {Map<string, Record<string, Usage>>} */
  const days = new Map();
  return {
    async add(user, delta, at = now()) {
      const day = dayOf(at);
      const users = days.get(day) ?? {};
      days.set(day, users);
      const u = (users[user] ??= empty());
      for (const f of USAGE_FIELDS) u[f] += delta[f] ?? 0;
    },
    async read(day) {
      return structuredClone(days.get(day) ?? {});
    },
  };
}

/**
 * One hash per day (`<prefix>:usage:<day>`, field `<counter>:<user>`), kept 100 days.
 * @param {{ redis: import('ioredis').Redis, prefix?: string, now?: () => number }} o @returns {UsageStore}
 */
export function redisUsage({ redis, prefix = 'hark', now = Date.now }) {
  const key = (/** @type {string} */ day) => `${prefix}:usage:${day}`;
  return {
    async add(user, delta, at = now()) {
      const k = key(dayOf(at));
      const multi = redis.multi();
      for (const f of USAGE_FIELDS) {
        const n = delta[f];
        if (!n) continue;
        if (f === 'costUsd') multi.hincrbyfloat(k, `${f}:${user}`, n);
        else multi.hincrby(k, `${f}:${user}`, n);
      }
      multi.expire(k, 100 * 86400);
      const results = await multi.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('usage not recorded');
    },
    async read(day) {
      const all = await redis.hgetall(key(day));
      /** @type {Record<string, Usage>} */
      const out = {};
      for (const [field, value] of Object.entries(all)) {
        const colon = field.indexOf(':');
        const name = /** @type {keyof Usage} */ (field.slice(0, colon));
        if (!USAGE_FIELDS.includes(name)) continue;
        (out[field.slice(colon + 1)] ??= empty())[name] = Number(value);
      }
      return out;
    },
  };
}
