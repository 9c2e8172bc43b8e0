import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE, StatsCadence, WATCH_EVERY_MS } from '@/lib/voice/stats-cadence';

/** Which of the ticks every `tickMs` from 0 to `untilMs` read, with `watch` called before each tick. */
function reads(c: StatsCadence, untilMs: number, watch: (now: number) => boolean = () => false, tickMs = 200): number[] {
  const out: number[] = [];
  for (let now = 0; now <= untilMs; now += tickMs) {
    if (watch(now)) c.watched(now);
    if (c.due(now)) out.push(now);
  }
  return out;
}

describe('StatsCadence', () => {
  it('reads once a second when no panel watches', () => {
    expect(reads(new StatsCadence(), 3_000)).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it('reads on every 200 ms tick while a panel renews its word', () => {
    const c = new StatsCadence();
    const got = reads(c, 2_000, (now) => now % WATCH_EVERY_MS === 0);
    expect(got).toHaveLength(11);
    expect(c.isWatched(2_000)).toBe(true);
  });

  it('goes back to once a second when the panel stops saying so (closed), after the word expires', () => {
    const c = new StatsCadence();
    const got = reads(c, 10_000, (now) => now === 0);
    // Watched until 5 s (every tick before it, the last at 4.8 s), then a read each second after that.
    expect(got.filter((t) => t < DEFAULT_CADENCE.watchTtlMs)).toHaveLength(25);
    expect(got.filter((t) => t >= DEFAULT_CADENCE.watchTtlMs)).toEqual([5_800, 6_800, 7_800, 8_800, 9_800]);
  });

  it('reads at the next tick once a panel starts watching, not a second later', () => {
    const c = new StatsCadence();
    expect(c.due(0)).toBe(true);
    expect(c.due(200)).toBe(false);
    c.watched(300);
    expect(c.due(400)).toBe(true);
  });

  it('stays at once a second for a watching panel while the levels come from elsewhere (Web Audio)', () => {
    const c = new StatsCadence();
    c.levelsElsewhere = true;
    expect(reads(c, 3_000, (now) => now % WATCH_EVERY_MS === 0)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(c.isWatched(3_000)).toBe(true);
    expect(c.fast(3_000)).toBe(false);
    c.levelsElsewhere = false;
    expect(c.fast(3_000)).toBe(true);
  });

  it('tolerates a timer tick that comes a little early', () => {
    const c = new StatsCadence();
    expect(c.due(0)).toBe(true);
    expect(c.due(950)).toBe(true);
    expect(c.due(1_500)).toBe(false);
  });

  it('reads at once on a new connection', () => {
    const c = new StatsCadence();
    expect(c.due(0)).toBe(true);
    c.reset();
    expect(c.due(10)).toBe(true);
  });
});
