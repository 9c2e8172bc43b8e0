/**
 * The microphone's and the assistant's levels from Web Audio AnalyserNodes on the call's own
 * tracks, so that a panel's meters need no `getStats()` report five times a second (a report is a
 * few hundred objects: lib/voice/stats-cadence.ts). The AudioContext runs only while a panel
 * watches; suspended, it costs nothing. Where Web Audio cannot give a level (no context, not
 * allowed to run), `read` says null and the levels come from the stats report as before.
 */
import { peakLevel } from '@/lib/audio/level';

type Kind = 'input' | 'output';
interface Tap {
  track: MediaStreamTrack;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  samples: Float32Array<ArrayBuffer>;
}

/** ≈ 85 ms at 48 kHz: about the window over which WebRTC's own audioLevel is taken. */
const WINDOW = 4096;

export class LevelTaps {
  private ctx: AudioContext | null = null;
  private failed = false;
  private running = false;
  private taps: Partial<Record<Kind, Tap>> = {};

  /** The levels now (0–1, as WebRTC's audioLevel), or null while Web Audio cannot give them. */
  read(pc: RTCPeerConnection): { input: number; output: number } | null {
    const ctx = this.context();
    if (ctx?.state !== 'running') return null;
    const mic = pc.getSenders().find((s) => s.track?.kind === 'audio')?.track ?? null;
    const reply = pc.getReceivers().find((r) => r.track.kind === 'audio')?.track ?? null;
    return { input: this.level(ctx, 'input', mic), output: this.level(ctx, 'output', reply) };
  }

  /**
   * Runs the context only while a panel watches (a suspended context renders nothing). Only on a
   * change: where autoplay rules hold a context suspended (Firefox without a gesture), its one
   * resume() waits, and a call per tick would pile up waiting promises.
   */
  setRunning(on: boolean): void {
    if (on === this.running) return;
    this.running = on;
    const ctx = on ? this.context() : this.ctx;
    (on ? ctx?.resume() : ctx?.suspend())?.catch(() => {});
  }

  close(): void {
    for (const kind of ['input', 'output'] as const) this.untap(kind);
    this.ctx?.close().catch(() => {});
    this.ctx = null;
    this.running = false;
  }

  private context(): AudioContext | null {
    if (this.ctx || this.failed) return this.ctx;
    try {
      // 'playback': the largest buffers, the fewest wake-ups; nothing is heard through it.
      this.ctx = new AudioContext({ latencyHint: 'playback' });
    } catch {
      this.failed = true;
    }
    return this.ctx;
  }

  private level(ctx: AudioContext, kind: Kind, track: MediaStreamTrack | null): number {
    let tap = this.taps[kind];
    if (tap?.track !== track) {
      this.untap(kind);
      if (!track || track.readyState !== 'live') return 0;
      const source = ctx.createMediaStreamSource(new MediaStream([track]));
      const analyser = new AnalyserNode(ctx, { fftSize: WINDOW });
      source.connect(analyser);
      tap = { track, source, analyser, samples: new Float32Array(WINDOW) };
      this.taps[kind] = tap;
    }
    // A muted microphone (track disabled) reads as silence, as its stats did.
    tap.analyser.getFloatTimeDomainData(tap.samples);
    return peakLevel(tap.samples);
  }

  private untap(kind: Kind): void {
    this.taps[kind]?.source.disconnect();
    delete this.taps[kind];
  }
}
