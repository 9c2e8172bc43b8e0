import { describe, expect, it } from 'vitest';
import { grade, meterLevel, sampleStats } from '@/lib/quality';

type Stat = Record<string, unknown> & { type: string; id: string };
const report = (inbound: Record<string, unknown>, extra: Stat[] = []): Stat[] => [
  { type: 'transport', id: 'T', selectedCandidatePairId: 'CP1' },
  { type: 'candidate-pair', id: 'CP0', state: 'succeeded', currentRoundTripTime: 0.9 },
  { type: 'candidate-pair', id: 'CP1', state: 'succeeded', currentRoundTripTime: 0.042 },
  { type: 'media-source', id: 'MS', kind: 'audio', audioLevel: 0.25 },
  { type: 'inbound-rtp', id: 'IN', kind: 'audio', jitter: 0.012, audioLevel: 0.5, ...inbound },
  ...extra,
];

describe('connection quality from getStats', () => {
  it('reads RTT from the selected pair, jitter, levels, and loss since the previous sample', () => {
    const first = sampleStats(report({ packetsReceived: 990, packetsLost: 10 }), null);
    expect(first).toMatchObject({ rttMs: 42, jitterMs: 12, lossPct: 1, inputLevel: 0.25, outputLevel: 0.5 });
    const second = sampleStats(report({ packetsReceived: 1040, packetsLost: 10 }), first);
    expect(second.lossPct).toBe(0);
    const third = sampleStats(report({ packetsReceived: 1085, packetsLost: 15 }), second);
    expect(third.lossPct).toBe(10);
    // No new packets: the last loss figure stands.
    expect(sampleStats(report({ packetsReceived: 1085, packetsLost: 15 }), third).lossPct).toBe(10);
  });

  it('falls back to remote-inbound-rtp RTT, and copes with an empty report', () => {
    const stats = [{ type: 'remote-inbound-rtp', id: 'R', kind: 'audio', roundTripTime: 0.1 }];
    expect(sampleStats(stats, null).rttMs).toBe(100);
    expect(sampleStats([], null)).toMatchObject({ rttMs: null, jitterMs: null, lossPct: null, inputLevel: 0, outputLevel: 0 });
  });

  it('grades a call', () => {
    expect(grade({ rttMs: null, jitterMs: null, lossPct: null })).toBe('unknown');
    expect(grade({ rttMs: 60, jitterMs: 5, lossPct: 0 })).toBe('good');
    expect(grade({ rttMs: 300, jitterMs: 5, lossPct: 0 })).toBe('fair');
    expect(grade({ rttMs: 60, jitterMs: 5, lossPct: 8 })).toBe('poor');
  });

  it('meter: fast attack, gradual release', () => {
    expect(meterLevel(0, 0.25)).toBe(0.5);
    expect(meterLevel(0.5, 0)).toBeCloseTo(0.38);
    expect(meterLevel(0.1, 0)).toBe(0);
  });
});
