import { describe, expect, it } from 'vitest';
import { peakLevel } from '@/lib/audio/level';

describe('peakLevel', () => {
  it('is 0 for silence and for no samples', () => {
    expect(peakLevel(new Float32Array(4096))).toBe(0);
    expect(peakLevel([])).toBe(0);
  });

  it('is the loudest sample, either sign', () => {
    const sine = Float32Array.from({ length: 4800 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 48_000));
    expect(peakLevel(sine)).toBeCloseTo(0.5, 3);
    expect(peakLevel([0.1, -0.7, 0.3])).toBeCloseTo(0.7, 6);
  });

  it('never says more than full scale (clipped input)', () => {
    expect(peakLevel([2, -2, 2])).toBe(1);
  });
});
