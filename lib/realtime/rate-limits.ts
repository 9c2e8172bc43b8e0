/**
 * `rate_limits.updated` → a warning before a limit bites (issue 16).
 *
 * The server sends `{ name: 'requests' | 'tokens', limit, remaining, reset_seconds }` entries at
 * the start of every response. "Nearly used up" means the *next* reply may be refused:
 *
 * - tokens: remaining ≤ twice what one reply costs. A reply re-sends the whole conversation
 *   (Hark's instructions alone are ≈ 4 k tokens), so a fixed share of the limit says little: on a
 *   40 k-per-minute tier, 10 % is less than one reply. When the caller does not know the cost of
 *   a reply (no `response.done` usage yet), 15 % of the limit stands in for it, at least 4 000.
 * - requests: remaining ≤ 2 (two more turns), or ≤ 10 % of the limit.
 * - never when the window resets within `MIN_RESET_SECONDS`: the limit refills before the user
 *   can finish the next sentence, so a warning would only be noise.
 *
 * Pure; the caller keeps the `RateLimitWatch` between events and shows `warning` when not null.
 */
import { note, type Note } from './note';
import { isRecord } from './shape';

export interface RateLimit {
  name: string;
  limit: number;
  remaining: number;
  reset_seconds: number;
}

/** A window that refills sooner than this cannot hurt the next turn. */
export const MIN_RESET_SECONDS = 5;
/** Stand-in for one reply's token cost while none has been measured. */
export const DEFAULT_REPLY_TOKENS = 4000;

/** Which limits are currently warned about (a limit is warned once until it recovers). */
export type RateLimitWatch = ReadonlySet<string>;
export const NO_WARNINGS: RateLimitWatch = new Set();

function isRateLimit(v: unknown): v is RateLimit {
  if (!isRecord(v)) return false;
  return (
    typeof v.name === 'string' &&
    [v.limit, v.remaining, v.reset_seconds].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
  );
}

/** Whether this limit may refuse the next reply. `replyTokens`: the last reply's total tokens, if known. */
export function nearlyUsedUp(limit: RateLimit, replyTokens?: number): boolean {
  if (limit.limit <= 0 || limit.reset_seconds < MIN_RESET_SECONDS) return false;
  if (limit.name === 'requests') return limit.remaining <= Math.max(2, limit.limit * 0.1);
  if (limit.name === 'tokens') {
    const perReply = replyTokens && replyTokens > 0 ? replyTokens : Math.max(DEFAULT_REPLY_TOKENS, limit.limit * 0.15);
    return limit.remaining <= 2 * perReply;
  }
  return limit.remaining <= limit.limit * 0.1;
}

function waitNote(seconds: number): Note {
  if (seconds < 90) return note('notes.wait.s', { n: Math.ceil(seconds) });
  if (seconds < 5400) return note('notes.wait.min', { n: Math.ceil(seconds / 60) });
  return note('notes.wait.h', { n: Math.ceil(seconds / 3600) });
}

/** The line shown for one nearly used-up limit (a note: rendered in the panel's language). */
export function rateLimitWarning(limit: RateLimit): Note {
  const counts = { remaining: Math.round(limit.remaining), limit: Math.round(limit.limit), wait: waitNote(limit.reset_seconds) };
  if (limit.name === 'requests') return note('notes.rateLimit.requests', counts);
  if (limit.name === 'tokens') return note('notes.rateLimit.tokens', counts);
  // Server-chosen name: letters, digits and _ only, bounded.
  return note('notes.rateLimit.other', { ...counts, name: limit.name.replace(/[^A-Za-z0-9_]+/g, '').slice(0, 20) });
}

/**
 * Folds one `rate_limits.updated` into the watch. `warning` is set only when a limit newly
 * became nearly used up (not again on every response while it stays low); a limit that recovers
 * may warn again later.
 */
export function watchRateLimits(
  watch: RateLimitWatch,
  rateLimits: unknown,
  replyTokens?: number,
): { watch: RateLimitWatch; warning: Note | null } {
  if (!Array.isArray(rateLimits)) return { watch, warning: null };
  const next = new Set(watch);
  let warning: Note | null = null;
  for (const limit of rateLimits.filter(isRateLimit)) {
    if (!nearlyUsedUp(limit, replyTokens)) {
      next.delete(limit.name);
    } else if (!next.has(limit.name)) {
      next.add(limit.name);
      // The tightest limit speaks (requests before tokens when both are low: fewer turns left).
      warning ??= rateLimitWarning(limit);
    }
  }
  return { watch: next, warning };
}
