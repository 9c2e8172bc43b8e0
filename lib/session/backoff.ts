/**
 * When to try again after the link drops. Pure: the caller supplies the randomness.
 *
 * Attempt 1 is immediate (most drops are a blip and the server is right there), then the delay
 * doubles from `baseMs` up to `maxMs`, each with ±`jitter` so many clients don't retry in step.
 * After `maxAttempts` the policy gives up and the user sees "paused — click to retry".
 * Errors that retrying cannot fix (bad key, mic blocked) never retry; a server's `retry-after`
 * is a floor.
 */
import type { SessionError } from '../errors';

export interface BackoffOptions {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** 0..1, fraction of the delay that is randomised. */
  jitter: number;
}

/**
 * 0, 0.25, 0.5, 1, 2, 4, 8, 15, 15, 15 s: a restarted server is found again within a second, and
 * an outage of about a minute is ridden out before pausing (time offline does not count: retries
 * wait for the browser to be back online).
 */
export const DEFAULT_BACKOFF: BackoffOptions = { maxAttempts: 10, baseMs: 250, maxMs: 15_000, jitter: 0.25 };

/** Delay before reconnect attempt `attempt` (1-based), or null to stop retrying. */
export function nextRetryDelay(
  attempt: number,
  error: SessionError,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number | null {
  if (!error.retryable || attempt < 1 || attempt > options.maxAttempts) return null;
  const exp = attempt === 1 ? 0 : Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 2));
  const jittered = exp * (1 - options.jitter + 2 * options.jitter * random());
  return Math.round(Math.max(jittered, error.retryAfterMs ?? 0));
}

/**
 * Delay before retrying a start that has never been live, or null to fail at once. A refused or
 * unreachable server, a 5xx or a dropped first link is almost always a wrong or dead Server URL
 * or a server that is not running: a minute of retries only hides that, so the user sees it now
 * (with Retry). Two failures that one fresh attempt fixes by design are retried once: a 429
 * (after its `retry-after`, else `rateLimitMs`) and a refused short-lived key (a new key at once).
 */
export function firstStartRetryDelay(attempt: number, error: SessionError, rateLimitMs = 1000): number | null {
  if (attempt !== 1 || !error.retryable) return null;
  if (error.reason === 'rate-limited') return Math.round(error.retryAfterMs ?? rateLimitMs);
  // `auth` is retryable only for the calls request's ephemeral key (`classifyCallError`).
  if (error.reason === 'auth') return 0;
  return null;
}
