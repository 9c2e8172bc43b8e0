import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVENESS, linkTraffic, LivenessMonitor, type LivenessVerdict } from '@/lib/session/liveness';

const P = DEFAULT_LIVENESS;

/**
 * Runs checks every 500 ms from `from` to `to` (inclusive), feeding `onTick` first; returns the
 * verdicts that were not ok, up to the first `dead` (the caller ends the call there).
 */
function run(m: LivenessMonitor, from: number, to: number, onTick: (t: number) => void = () => {}) {
  const out: [number, LivenessVerdict][] = [];
  for (let t = from; t <= to; t += 500) {
    onTick(t);
    const v = m.check(t);
    if (v.kind !== 'ok') out.push([t, v]);
    if (v.kind === 'dead') break;
  }
  return out;
}

describe('liveness monitor', () => {
  it('stays quiet on a healthy idle link (traffic about every second, no events)', () => {
    const m = new LivenessMonitor(0);
    let count = 0;
    const verdicts = run(m, 500, P.idleProbeMs - 500, (t) => m.link(t, t % 1000 === 0 ? ++count : count));
    expect(verdicts).toEqual([]);
    expect(m.probes).toBe(0);
  });

  it('probes once the link goes quiet, and gives the verdict when the probe is unanswered', () => {
    const m = new LivenessMonitor(0);
    m.link(0, 1);
    const verdicts = run(m, 500, 10_000);
    expect(verdicts[0]).toEqual([P.quietMs, { kind: 'probe', why: 'link quiet' }]);
    expect(verdicts[1]).toEqual([P.quietMs + P.probeTimeoutMs, { kind: 'dead', silentMs: P.quietMs + P.probeTimeoutMs }]);
  });

  it('a probe answered by any event keeps the call', () => {
    const m = new LivenessMonitor(0);
    expect(run(m, 500, P.quietMs)).toEqual([[P.quietMs, { kind: 'probe', why: 'link quiet' }]]);
    m.event(P.quietMs + 300);
    // Past the probe's deadline, and not yet quiet again since the answer.
    expect(m.check(P.quietMs + P.probeTimeoutMs)).toEqual({ kind: 'ok' });
    expect(m.check(P.quietMs + 300 + P.quietMs - 1)).toEqual({ kind: 'ok' });
  });

  it('link traffic alone does not answer a probe (a transport alive, a server that is not)', () => {
    const m = new LivenessMonitor(0);
    let count = 0;
    const verdicts = run(m, 500, 30_000, (t) => m.link(t, ++count));
    expect(verdicts).toEqual([
      [P.idleProbeMs, { kind: 'probe', why: 'no events' }],
      [P.idleProbeMs + P.probeTimeoutMs, { kind: 'dead', silentMs: P.idleProbeMs + P.probeTimeoutMs }],
    ]);
  });

  it('a client event with no event after it leads to a probe after replyMs', () => {
    const m = new LivenessMonitor(0);
    let count = 0;
    m.sent(1_000);
    m.sent(2_000); // the oldest unanswered send counts
    const verdicts = run(m, 500, 8_000, (t) => m.link(t, ++count));
    expect(verdicts[0]).toEqual([1_000 + P.replyMs, { kind: 'probe', why: 'no reply' }]);
  });

  it('a reply clears the wait', () => {
    const m = new LivenessMonitor(0);
    let count = 0;
    m.sent(1_000);
    m.event(1_200);
    expect(run(m, 500, 10_000, (t) => m.link(t, ++count))).toEqual([]);
  });

  it('gives no verdict on a check that comes late (the document was frozen)', () => {
    const m = new LivenessMonitor(0);
    expect(m.check(P.quietMs).kind).toBe('probe');
    // The next check comes 10 s later: queued events may not have been delivered yet.
    expect(m.check(P.quietMs + 10_000)).toEqual({ kind: 'ok' });
    // A timely check after that decides.
    expect(m.check(P.quietMs + 10_500).kind).toBe('dead');
  });

  it('the first link report sets the baseline and is not counted as traffic', () => {
    const m = new LivenessMonitor(0);
    m.link(2_400, 57);
    expect(m.check(2_500)).toEqual({ kind: 'probe', why: 'link quiet' });
  });
});

describe('linkTraffic', () => {
  const transport = { type: 'transport', id: 'T01', selectedCandidatePairId: 'CP1', bytesReceived: 6940, packetsReceived: 25 };
  const pair = { type: 'candidate-pair', id: 'CP1', responsesReceived: 7, requestsReceived: 2 };
  const other = { type: 'candidate-pair', id: 'CP2', responsesReceived: 40, requestsReceived: 40 };

  it('counts the transport and the selected pair only', () => {
    expect(linkTraffic([transport, pair, other, { type: 'inbound-rtp', packetsReceived: 99 }])).toBe(6940 + 25 + 7 + 2);
  });

  it('changes when only a STUN answer arrived (a muted, silent link)', () => {
    expect(linkTraffic([transport, { ...pair, responsesReceived: 8 }])).not.toBe(linkTraffic([transport, pair]));
  });

  it('is null before there is a transport, and ignores missing counters', () => {
    expect(linkTraffic([pair])).toBeNull();
    expect(linkTraffic([{ type: 'transport', selectedCandidatePairId: 'nope' }])).toBe(0);
  });
});
