/**
 * Connection quality and audio levels from `RTCPeerConnection.getStats()` (pure: takes the
 * report's entries as plain objects, so it is testable without WebRTC).
 *
 * - RTT: the selected ICE candidate pair's `currentRoundTripTime` (else remote-inbound-rtp's).
 * - Jitter: the inbound audio stream's `jitter`.
 * - Loss: packets lost / (received + lost) since the previous sample (else since the start).
 * - Levels: `media-source.audioLevel` (what the mic sends) and `inbound-rtp.audioLevel`
 *   (what the assistant plays), 0–1.
 */
type Stat = Record<string, unknown> & { type: string; id: string };

export interface Sample {
  rttMs: number | null;
  jitterMs: number | null;
  /** Percent, 0–100, over the last interval. */
  lossPct: number | null;
  inputLevel: number;
  outputLevel: number;
  /** Cumulative counters, to compute the next interval's loss. */
  received: number;
  lost: number;
}

export type Grade = 'good' | 'fair' | 'poor' | 'unknown';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function sampleStats(stats: Iterable<Stat>, previous: Sample | null): Sample {
  const all = [...stats];
  const inbound = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
  const source = all.find((s) => s.type === 'media-source' && s.kind === 'audio');
  const transport = all.find((s) => s.type === 'transport');
  const pair =
    all.find((s) => s.type === 'candidate-pair' && transport && s.id === transport.selectedCandidatePairId) ??
    all.find((s) => s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded');
  const remoteInbound = all.find((s) => s.type === 'remote-inbound-rtp' && s.kind === 'audio');
  const rtt = num(pair?.currentRoundTripTime) ?? num(remoteInbound?.roundTripTime);
  const jitter = num(inbound?.jitter);
  const received = num(inbound?.packetsReceived) ?? 0;
  const lost = Math.max(0, num(inbound?.packetsLost) ?? 0);
  const dReceived = received - (previous?.received ?? 0);
  const dLost = lost - (previous?.lost ?? 0);
  const lossPct = inbound && dReceived + dLost > 0 ? (100 * Math.max(0, dLost)) / (dReceived + Math.max(0, dLost)) : previous?.lossPct ?? null;
  return {
    rttMs: rtt == null ? null : Math.round(rtt * 1000),
    jitterMs: jitter == null ? null : Math.round(jitter * 1000),
    lossPct: lossPct == null ? null : Math.round(lossPct * 10) / 10,
    inputLevel: num(source?.audioLevel) ?? 0,
    outputLevel: num(inbound?.audioLevel) ?? 0,
    received,
    lost,
  };
}

/** Rough grades for a voice call (ITU-T G.114-ish: under 150 ms one way feels natural). */
export function grade(s: Pick<Sample, 'rttMs' | 'jitterMs' | 'lossPct'>): Grade {
  if (s.rttMs == null && s.lossPct == null) return 'unknown';
  const rtt = s.rttMs ?? 0;
  const loss = s.lossPct ?? 0;
  const jitter = s.jitterMs ?? 0;
  if (rtt > 500 || loss > 5 || jitter > 100) return 'poor';
  if (rtt > 250 || loss > 1 || jitter > 40) return 'fair';
  return 'good';
}

/**
 * A level meter's display value: perceptual (square root of the linear level) with a fast
 * attack and a slower release, so speech looks lively and silence decays smoothly.
 */
export function meterLevel(previous: number, level: number): number {
  const target = Math.sqrt(Math.max(0, Math.min(1, level)));
  return target >= previous ? target : Math.max(target, previous - 0.12);
}
