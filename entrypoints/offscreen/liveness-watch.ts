/**
 * Runs the liveness monitor (lib/session/liveness.ts) over a live connection: reads the link's
 * received-traffic counters from `getStats()` twice a second, sends a probe when the monitor asks,
 * and reports a server that stopped answering. See the monitor for why a probe, not a timeout.
 */
import { linkTraffic, LIVENESS_PROBE, LivenessMonitor } from '@/lib/session/liveness';

export const LIVENESS_TICK_MS = 500;
/** The probe: a read of an item that does not exist (small answer, changes nothing; see the monitor). */
export const PROBE = LIVENESS_PROBE;

export class LivenessWatch {
  private readonly monitor = new LivenessMonitor(performance.now());
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly hooks: {
      /** Sends the probe; false when the channel is not open. */
      probe(): boolean;
      /** The server stopped answering: nothing heard for `silentMs`, probe included. */
      dead(silentMs: number): void;
    },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), LIVENESS_TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Any frame from the server, even one Hark cannot parse: the server is alive. */
  heard(): void {
    this.monitor.event(performance.now());
  }

  sent(): void {
    this.monitor.sent(performance.now());
  }

  get probes(): number {
    return this.monitor.probes;
  }

  private async tick(): Promise<void> {
    if (this.busy || this.timer === undefined) return;
    this.busy = true;
    try {
      const count = linkTraffic((await this.pc.getStats()).values());
      if (count !== null) this.monitor.link(performance.now(), count);
    } catch {
      // A closed peer connection has no stats; the connection is ending anyway.
    } finally {
      this.busy = false;
    }
    if (this.timer === undefined) return;
    const verdict = this.monitor.check(performance.now());
    if (verdict.kind === 'probe') {
      console.debug(`[hark] liveness probe (${verdict.why})`);
      if (!this.hooks.probe()) this.hooks.dead(0);
    } else if (verdict.kind === 'dead') {
      this.stop();
      this.hooks.dead(verdict.silentMs);
    }
  }
}
