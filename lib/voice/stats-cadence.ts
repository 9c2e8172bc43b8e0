/**
 * How often the offscreen document reads a whole `getStats()` report: once a second (the liveness
 * watch and the connection grade need no more), five times a second only while a side panel is on
 * screen to show the levels and they have no cheaper source.
 *
 * Why: every report is a few hundred Blink and V8 objects and native buffers. At 5 Hz a bare page
 * doing nothing but reading stats grew its renderer's RSS by up to 37 MB between the allocators'
 * purges, against 18 MB at 1 Hz and 5 MB without (`npm run bench`, memory, the `barestats` arms).
 *
 * A panel on screen says so on TELEMETRY_WATCH_CHANNEL every WATCH_EVERY_MS (and at once when it
 * becomes visible); its word lasts WATCH_TTL_MS, so a closed panel stops the fast reads by itself.
 * While the levels come from elsewhere (Web Audio taps on the call's tracks), even a watched panel
 * needs no more than one report a second.
 * Pure: the caller supplies the clock.
 */

export interface CadencePolicy {
  /** Between reads while watched: the meters' rate. */
  watchedMs: number;
  /** Between reads otherwise. */
  unwatchedMs: number;
  /** How long one "I am watching" lasts. */
  watchTtlMs: number;
}

export const DEFAULT_CADENCE: CadencePolicy = { watchedMs: 200, unwatchedMs: 1_000, watchTtlMs: 5_000 };
/** How often a visible panel renews its word (well inside the TTL, so a busy panel does not flicker to the slow rate). */
export const WATCH_EVERY_MS = 2_000;

export class StatsCadence {
  private watchedUntil = Number.NEGATIVE_INFINITY;
  private lastRead = Number.NEGATIVE_INFINITY;
  /** The meters' levels come from somewhere cheaper than a report now. */
  levelsElsewhere = false;

  constructor(private readonly policy: CadencePolicy = DEFAULT_CADENCE) {}

  /** A panel on screen said it is watching. */
  watched(now: number): void {
    this.watchedUntil = now + this.policy.watchTtlMs;
  }

  isWatched(now: number): boolean {
    return now < this.watchedUntil;
  }

  /** Reports are read at the meters' rate now: a panel watches and the levels come from the reports. */
  fast(now: number): boolean {
    return this.isWatched(now) && !this.levelsElsewhere;
  }

  /** The time between whole reports now. */
  intervalMs(now: number): number {
    return this.fast(now) ? this.policy.watchedMs : this.policy.unwatchedMs;
  }

  /**
   * Whether a tick at `now` should read (and then it counts as read). Half a watched interval of
   * slack: ticks from a timer arrive a little early or late, and a tick just short of the interval
   * must not wait for the next one.
   */
  due(now: number): boolean {
    if (now - this.lastRead < this.intervalMs(now) - this.policy.watchedMs / 2) return false;
    this.lastRead = now;
    return true;
  }

  /** A new connection: its first tick reads. */
  reset(): void {
    this.lastRead = Number.NEGATIVE_INFINITY;
  }
}
