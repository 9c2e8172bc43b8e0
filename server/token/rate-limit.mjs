// @ts-check
/**
 * A sliding-window rate limiter: at most `limit` hits per `windowMs` for each key (a user name,
 * or a client address for failed logins). Pure apart from the clock, which tests inject.
 */

/** @typedef {{ allowed: true, remaining: number } | { allowed: false, retryAfterMs: number }} RateDecision */

export class RateLimiter {
  /**
   * @param {{ limit: number, windowMs?: number, now?: () => number }} options
   *   limit ≤ 0 or not finite: unlimited.
   */
  constructor({ limit, windowMs = 60_000, now = Date.now }) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
    /** @type {Map<string, number[]>} key → times of the hits still inside the window, oldest first */
    this.hits = new Map();
  }

  get unlimited() {
    return !Number.isFinite(this.limit) || this.limit <= 0;
  }

  /**
   * Records a hit for `key` if it is allowed. A refused hit is not recorded (it does not extend
   * the wait).
   * @param {string} key
   * @returns {RateDecision}
   */
  hit(key) {
    if (this.unlimited) return { allowed: true, remaining: Infinity };
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) {
      return { allowed: false, retryAfterMs: Math.max(1, recent[0] + this.windowMs - now) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true, remaining: this.limit - recent.length };
  }

  /** @param {string} key @param {number} now */
  recent(key, now) {
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** Drops keys with no hit inside the window (call now and then on a long-running server). */
  sweep() {
    const now = this.now();
    for (const key of [...this.hits.keys()]) this.recent(key, now);
  }
}
