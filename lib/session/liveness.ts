/**
 * Missed-server-events detection. The Realtime protocol has no heartbeat, and a server that dies
 * without a word (power cut, network gone, process frozen) leaves the data channel "open": the
 * browser only notices when ICE gives up, ~10 s later. This monitor notices in a few seconds.
 *
 * Two signals, checked twice a second by the caller:
 * - link traffic: anything the peer connection received (RTCP, SCTP, STUN answers; counters
 *   from `getStats()`). A healthy idle link receives something about every second.
 * - server events on the data channel.
 * When the link has been quiet for `quietMs`, or a client event got no event back within
 * `replyMs`, or the server has said nothing at all for `idleProbeMs` (its transport may be alive
 * while its event loop is not), the caller sends a probe (`LIVENESS_PROBE`). Only an unanswered
 * probe is a verdict, so a slow reply or a muted, quiet session never drops the call.
 *
 * Pure: the caller supplies the clock.
 */
import type { RealtimeClientEvent } from '../realtime/protocol';

/** The probe's `event_id`, and the item it asks for (errors name it back; see server-problems.ts). */
export const PROBE_ID = 'hark_probe';

/**
 * The probe: `conversation.item.retrieve` of an item that does not exist. The API reference says
 * the server answers a retrieve of a missing item with an `error` (`item_not_found`, about 200
 * bytes), and the event is read-only: it touches neither the conversation, the input buffer nor a
 * running reply. The probe used to be a no-op `session.update`, whose `session.updated` echoes the
 * whole session (≈ 16 k characters of instructions) every time: `npm run bench`, idle-bytes.
 */
export const LIVENESS_PROBE: RealtimeClientEvent = { type: 'conversation.item.retrieve', item_id: PROBE_ID, event_id: PROBE_ID };

export interface LivenessPolicy {
  /** No link traffic and no event for this long → probe. */
  quietMs: number;
  /** A client event without any server event after it for this long → probe. */
  replyMs: number;
  /** No server event at all for this long (link alive) → probe. */
  idleProbeMs: number;
  /** A probe unanswered for this long → the server is gone. */
  probeTimeoutMs: number;
  /**
   * A check that comes this late after the previous one means this document was frozen (the
   * machine slept, the main thread stalled): events may be waiting in the queue, so no verdict
   * is given on that check.
   */
  stallMs: number;
}

export const DEFAULT_LIVENESS: LivenessPolicy = {
  quietMs: 2_500,
  replyMs: 3_000,
  idleProbeMs: 15_000,
  probeTimeoutMs: 2_500,
  stallMs: 1_500,
};

export type LivenessVerdict = { kind: 'ok' } | { kind: 'probe'; why: string } | { kind: 'dead'; silentMs: number };

export class LivenessMonitor {
  private lastHeard: number;
  private lastEvent: number;
  private lastCheck: number;
  private linkCount: number | null = null;
  /** The oldest client event still waiting for any server event after it. */
  private awaitingSince: number | null = null;
  private probeSentAt: number | null = null;
  /** Probes sent, for tests and logs. */
  probes = 0;

  constructor(
    now: number,
    private readonly policy: LivenessPolicy = DEFAULT_LIVENESS,
  ) {
    this.lastHeard = this.lastEvent = this.lastCheck = now;
  }

  /** A server event arrived: the server is alive and answering. */
  event(now: number): void {
    this.lastHeard = this.lastEvent = now;
    this.awaitingSince = null;
    this.probeSentAt = null;
  }

  /** A client event left; the server answers every one of them with at least one event. */
  sent(now: number): void {
    this.awaitingSince ??= now;
  }

  /**
   * The peer connection's received-traffic counter (any monotonic sum of bytes/packets/STUN
   * answers). A change means the link carried something since the last report.
   */
  link(now: number, count: number): void {
    if (this.linkCount !== null && count !== this.linkCount) this.lastHeard = now;
    this.linkCount = count;
  }

  /** What to do now. After a `probe` verdict the caller sends the probe (and reports it with `sent`). */
  check(now: number): LivenessVerdict {
    const p = this.policy;
    const stalled = now - this.lastCheck > p.stallMs;
    this.lastCheck = now;
    if (this.probeSentAt !== null) {
      if (!stalled && now - this.probeSentAt >= p.probeTimeoutMs) return { kind: 'dead', silentMs: now - this.lastEvent };
      return { kind: 'ok' };
    }
    const why =
      now - this.lastHeard >= p.quietMs
        ? 'link quiet'
        : this.awaitingSince !== null && now - this.awaitingSince >= p.replyMs
          ? 'no reply'
          : now - this.lastEvent >= p.idleProbeMs
            ? 'no events'
            : null;
    if (why === null) return { kind: 'ok' };
    this.probeSentAt = now;
    this.probes++;
    return { kind: 'probe', why };
  }
}

/** The fields of `getStats()` entries this module reads. */
interface StatsEntry {
  type?: string;
  id?: string;
  selectedCandidatePairId?: string;
  bytesReceived?: number;
  packetsReceived?: number;
  responsesReceived?: number;
  requestsReceived?: number;
}

/**
 * A number that changes whenever the peer connection received something: the transport's bytes
 * and packets (RTP, RTCP, SCTP) plus the STUN requests and answers on the selected candidate pair
 * (a muted, silent session still has those every few seconds). Null without a transport.
 */
export function linkTraffic(report: Iterable<StatsEntry>): number | null {
  const entries = [...report];
  const transport = entries.find((e) => e.type === 'transport');
  if (!transport) return null;
  const pair = entries.find((e) => e.type === 'candidate-pair' && e.id === transport.selectedCandidatePairId);
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return n(transport.bytesReceived) + n(transport.packetsReceived) + n(pair?.responsesReceived) + n(pair?.requestsReceived);
}
