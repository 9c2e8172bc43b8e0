/**
 * Sessions have a hard time limit (60 minutes on the GA API; the server says when in
 * `session.created` → `session.expires_at`, unix seconds). Hark does not wait for the server's
 * `session_expired`: shortly before the limit it opens a fresh session and replays the
 * conversation, at a quiet moment, so the assistant is never cut off mid-sentence. Pure.
 */
import type { Activity } from './machine';

/** The GA maximum; an `expires_at` further away than this (a skewed clock) is clamped to it. */
export const MAX_SESSION_MS = 60 * 60_000;

/** How long before the limit to start looking for a quiet moment: a quarter of the lifetime, 1–60 s. */
export function rolloverMargin(lifetimeMs: number): number {
  return Math.min(60_000, Math.max(1_000, lifetimeMs / 4));
}

/**
 * Milliseconds from `now` until the rollover window opens, or null when `expiresAt` is not a
 * usable time (missing, not a number, already past).
 */
export function rolloverDelay(expiresAt: unknown, now: number): number | null {
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= 0) return null;
  const left = Math.min(expiresAt * 1000 - now, MAX_SESSION_MS);
  if (left <= 0) return null;
  return Math.max(0, left - rolloverMargin(left));
}

/** Nobody is talking and no reply is being generated: a new session can take over unnoticed. */
export function isQuiet(activity: Activity, responseActive: boolean): boolean {
  return activity === 'listening' && !responseActive;
}
