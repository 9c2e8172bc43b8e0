import { describe, expect, it } from 'vitest';
import { isQuiet, MAX_SESSION_MS, rolloverDelay, rolloverMargin } from '@/lib/session/rollover';

const NOW = 1_800_000_000_000;
const at = (msFromNow: number) => (NOW + msFromNow) / 1000;

describe('session rollover', () => {
  it('opens the window a minute before a 60-minute limit', () => {
    expect(rolloverDelay(at(60 * 60_000), NOW)).toBe(59 * 60_000);
  });

  it('keeps a quarter of a short lifetime as the margin (at least a second)', () => {
    expect(rolloverMargin(12_000)).toBe(3_000);
    expect(rolloverMargin(2_000)).toBe(1_000);
    expect(rolloverMargin(10 * 60_000)).toBe(60_000);
    expect(rolloverDelay(at(12_000), NOW)).toBe(9_000);
  });

  it('clamps an expiry further away than the maximum (a skewed clock)', () => {
    expect(rolloverDelay(at(5 * 60 * 60_000), NOW)).toBe(MAX_SESSION_MS - 60_000);
  });

  it('has no rollover without a usable expiry', () => {
    for (const bad of [undefined, null, 0, -5, 'soon', Number.NaN, Infinity, at(-1000)]) {
      expect(rolloverDelay(bad, NOW)).toBeNull();
    }
  });

  it('rolls over at once when the window is already open', () => {
    expect(rolloverDelay(at(500), NOW)).toBe(0);
  });

  it('waits for a quiet moment: nobody talking, no reply being generated', () => {
    expect(isQuiet('listening', false)).toBe(true);
    expect(isQuiet('assistant-speaking', false)).toBe(false);
    expect(isQuiet('user-speaking', false)).toBe(false);
    expect(isQuiet('listening', true)).toBe(false);
  });
});
