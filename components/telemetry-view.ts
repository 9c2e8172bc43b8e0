/**
 * The panel's view of the offscreen document's telemetry stream. Telemetry arrives several times
 * a second; feeding it into one signal re-rendered every component that read it (the meters,
 * the talk controls, the whole live section) at that rate. Here each visible value is its own
 * signal and is set only when what is shown changes: the levels are written straight into the
 * DOM by the elements that show them (LiveMeters, VoiceOrb), the rest (who may interrupt, cost,
 * connection quality) changes a few times a minute, so nothing re-renders on a silent line.
 */
import { signal } from '@preact/signals';
import type { Telemetry } from '@/lib/protocol/telemetry';
import type { Grade } from '@/lib/quality';
import { QualityWindow } from '@/lib/ui/quality-window';

export interface QualityView {
  grade: Grade;
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
}

export interface CostView {
  usd: number;
  unpriced: boolean;
  capUsd: number;
}

/** Levels move in steps smaller than this are not written (a silent line writes nothing). */
const LEVEL_STEP = 0.02;
/** The quality line is re-read at most this often (it is a median over seconds anyway). */
const QUALITY_EVERY_MS = 1000;

export class TelemetryView {
  /** 0–1, perceptual. */
  readonly inputLevel = signal(0);
  readonly outputLevel = signal(0);
  /** A reply is being generated or played: Interrupt has something to stop. */
  readonly replying = signal(false);
  /** Push-to-talk held, as the offscreen document saw it. */
  readonly talking = signal(false);
  readonly cost = signal<CostView>({ usd: 0, unpriced: false, capUsd: 0 });
  readonly quality = signal<QualityView>({ grade: 'unknown', rttMs: null, jitterMs: null, lossPct: null });
  private window = new QualityWindow();
  private attempt = -1;
  private qualityAt = 0;

  apply(tm: Telemetry, now: number): void {
    if (tm.attempt !== this.attempt) {
      this.attempt = tm.attempt;
      this.window.reset();
      this.qualityAt = 0;
      this.quality.value = { grade: 'unknown', rttMs: null, jitterMs: null, lossPct: null };
    }
    setLevel(this.inputLevel, tm.inputLevel);
    setLevel(this.outputLevel, tm.outputLevel);
    this.replying.value = tm.replying;
    this.talking.value = tm.talking;
    const c = this.cost.peek();
    const usd = tm.usage.usd ?? 0;
    const unpriced = !!tm.usage.unpriced;
    if (c.usd !== usd || c.unpriced !== unpriced || c.capUsd !== tm.capUsd) this.cost.value = { usd, unpriced, capUsd: tm.capUsd };
    this.window.add(tm, now);
    if (now - this.qualityAt >= QUALITY_EVERY_MS) {
      this.qualityAt = now;
      const next = { grade: this.window.grade(now), ...this.window.summary() };
      const q = this.quality.peek();
      if (q.grade !== next.grade || q.rttMs !== next.rttMs || q.jitterMs !== next.jitterMs || q.lossPct !== next.lossPct) this.quality.value = next;
    }
  }
}

function setLevel(s: { value: number; peek(): number }, level: number): void {
  const v = Math.max(0, Math.min(1, level));
  // Always reach 0 exactly, so the meters come to rest.
  if (Math.abs(v - s.peek()) >= LEVEL_STEP || (v === 0 && s.peek() !== 0)) s.value = v;
}
