import { describe, expect, it } from 'vitest';
import { withDefaults } from '@/lib/settings';
import { priceFamily, REALTIME_MODELS, speedProblem, TRANSCRIPTION_MODELS } from '@/lib/models';

describe('model catalogue', () => {
  it('every offered realtime model has a price row, so the estimate never shows "unknown" for them', () => {
    for (const m of REALTIME_MODELS) expect(priceFamily(m), m).not.toBeNull();
  });

  it('maps snapshots to their own family: mini stays mini, full stays full', () => {
    expect(priceFamily('gpt-realtime-2025-08-28')).toBe('gpt-realtime');
    expect(priceFamily('gpt-realtime-mini-2025-10-06')).toBe('gpt-realtime-mini');
    expect(priceFamily('gpt-4o-realtime-preview-2025-06-03')).toBe('gpt-4o-realtime-preview');
    expect(priceFamily('gpt-4o-mini-realtime-preview-2024-12-17')).toBe('gpt-4o-mini-realtime-preview');
    expect(priceFamily('gpt-realtime-mini-deployment')).toBeNull();
  });

  it('offers the GA transcription models', () => {
    expect(TRANSCRIPTION_MODELS).toEqual(['gpt-4o-mini-transcribe', 'gpt-4o-transcribe', 'whisper-1']);
  });

  it('accepts speeds 0.25–1.5 and explains anything else', () => {
    for (const ok of [0.25, 1, 1.5]) expect(speedProblem(ok)).toBeNull();
    expect(speedProblem(1.6)).toMatch(/between 0.25 and 1.5/);
    expect(speedProblem(0.2)).toMatch(/between 0.25 and 1.5/);
    expect(speedProblem(Number.NaN)).toMatch(/must be a number/);
  });

  it('a saved speed the API would refuse falls back to normal speed', () => {
    expect(withDefaults({ speed: 1.2 }).speed).toBe(1.2);
    expect(withDefaults({ speed: 3 }).speed).toBe(1);
    expect(withDefaults({}).speed).toBe(1);
  });
});
