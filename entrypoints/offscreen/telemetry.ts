/**
 * While connected: audio levels and connection quality, plus the running cost, broadcast to open
 * side panels. While a panel on screen watches, five times a second, the levels from Web Audio
 * taps on the call's tracks (./level-taps.ts); the connection grade from a getStats() report once
 * a second (./stats-cadence.ts: a report at the meters' rate only where the taps cannot run).
 * Nobody watching: one report a second, no taps. Also enforces the per-session cost cap.
 */
import { addUsage, emptyUsage, overCap, type Usage } from '@/lib/cost';
import { meterLevel, sampleStats, type Sample } from '@/lib/quality';
import { TELEMETRY_CHANNEL, type Telemetry } from '@/lib/protocol/telemetry';
import type { ConnectRequest } from '@/lib/protocol/messages';
import type { ServerEvent } from '@/lib/realtime/protocol';
import type { Controls } from './controls';
import type { Playback } from '@/lib/transcript/playback';
import { statsCadence } from './stats-cadence';
import { LevelTaps } from './level-taps';

/** The tick, 5 Hz: enough for a level meter and the voice surface; 10 Hz doubled getStats() and the panel's repaints. */
export const TICK_MS = 200;

export class TelemetryLoop {
  private channel = new BroadcastChannel(TELEMETRY_CHANNEL);
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: Sample | null = null;
  private levels = { input: 0, output: 0 };
  private usage: Usage = emptyUsage();
  private attempt = 0;
  private model = '';
  private capUsd = 0;
  private capped = false;
  private busy = false;
  private readonly taps = new LevelTaps();

  constructor(
    /** The live call's peer connection, for `getStats()`. */
    private readonly peer: () => RTCPeerConnection | null,
    private readonly controls: Controls,
    private readonly playback: Playback,
    /** Called once when the estimated cost reaches the cap. */
    private readonly onCap: (usage: Usage, capUsd: number) => void,
  ) {}

  /** A new connection. A reconnect continues the same conversation, so its cost carries on. */
  start(req: ConnectRequest): void {
    this.attempt = req.attempt;
    this.model = req.session.model ?? '';
    this.capUsd = req.prefs?.costCapUsd ?? 0;
    this.last = null;
    if (!req.resume) {
      this.usage = emptyUsage();
      this.capped = false;
    }
    clearInterval(this.timer);
    statsCadence.reset();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.taps.close();
    this.levels = { input: 0, output: 0 };
    this.post(this.last);
  }

  onEvent(e: ServerEvent): void {
    const next = addUsage(this.usage, e, this.model);
    if (next === this.usage) return;
    this.usage = next;
    if (!this.capped && overCap(next, this.capUsd)) {
      this.capped = true;
      this.onCap(next, this.capUsd);
    }
  }

  private async tick(): Promise<void> {
    const pc = this.peer();
    if (!pc || this.busy) return;
    const now = performance.now();
    const watched = statsCadence.isWatched(now);
    this.taps.setRunning(watched);
    const tapped = watched ? this.taps.read(pc) : null;
    statsCadence.levelsElsewhere = tapped !== null;
    const read = statsCadence.due(now);
    if (!read && !tapped) return;
    this.busy = true;
    try {
      if (read) {
        const report = await pc.getStats();
        this.last = sampleStats(report.values() as Iterable<Record<string, unknown> & { type: string; id: string }>, this.last);
      }
      const raw = tapped ?? { input: this.last?.inputLevel ?? 0, output: this.last?.outputLevel ?? 0 };
      this.levels = { input: meterLevel(this.levels.input, raw.input), output: meterLevel(this.levels.output, raw.output) };
      this.post(this.last);
    } catch {
      // The connection closed between ticks.
    } finally {
      this.busy = false;
    }
  }

  private post(sample: Sample | null): void {
    const t: Telemetry = {
      attempt: this.attempt,
      inputLevel: this.levels.input,
      outputLevel: this.levels.output,
      rttMs: sample?.rttMs ?? null,
      jitterMs: sample?.jitterMs ?? null,
      lossPct: sample?.lossPct ?? null,
      usage: this.usage,
      capUsd: this.capUsd,
      turnMode: this.controls.mode,
      talking: this.controls.talking,
      replying: this.playback.active,
    };
    this.channel.postMessage(t);
  }
}
