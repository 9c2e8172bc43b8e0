import { describe, expect, it } from 'vitest';
import { createUpdateBatch, type Schedule } from '@/lib/ui/update-batch';

/** A manual timer: `run()` fires what is due. */
function manualSchedule() {
  const timers = new Set<{ fn: () => void; ms: number }>();
  const schedule: Schedule = (fn, ms) => {
    const timer = { fn, ms };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  const run = () => {
    for (const timer of [...timers]) {
      timers.delete(timer);
      timer.fn();
    }
  };
  return { schedule, run, pending: () => timers.size };
}

describe('update batch', () => {
  it('holds updates until a flush, then applies them once, in order', () => {
    const applied: number[][] = [];
    const clock = manualSchedule();
    const batch = createUpdateBatch<number>((u) => applied.push([...u]), 250, clock.schedule);
    batch.push(1);
    batch.push(2);
    batch.push(3);
    expect(applied).toEqual([]);
    batch.flush();
    expect(applied).toEqual([[1, 2, 3]]);
    // The flush cancelled the fallback timer; a flush with nothing held applies nothing.
    expect(clock.pending()).toBe(0);
    batch.flush();
    expect(applied).toEqual([[1, 2, 3]]);
  });

  it('applies held updates after maxDelayMs when nothing flushes them (no telemetry flowing)', () => {
    const applied: string[][] = [];
    const clock = manualSchedule();
    const batch = createUpdateBatch<string>((u) => applied.push([...u]), 250, clock.schedule);
    batch.push('a');
    batch.push('b');
    // One timer for the batch, not one per update.
    expect(clock.pending()).toBe(1);
    clock.run();
    expect(applied).toEqual([['a', 'b']]);
    batch.push('c');
    expect(clock.pending()).toBe(1);
    clock.run();
    expect(applied).toEqual([['a', 'b'], ['c']]);
  });
});
