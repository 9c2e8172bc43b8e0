/**
 * Connection quality as the panel shows it: graded on the median of the last few seconds of
 * samples, not on one. The first samples of a call are its worst (ICE just settled, jitter
 * buffers filling), so nothing is graded until a few seconds have been seen.
 */
import { grade, type Grade, type Sample } from '../quality';

type Net = Pick<Sample, 'rttMs' | 'jitterMs' | 'lossPct'>;

/** Seconds of samples before a grade is given, and the window the median is taken over. */
export const QUALITY_SETTLE_MS = 3000;
export const QUALITY_WINDOW_MS = 10_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export class QualityWindow {
  private samples: { at: number; net: Net }[] = [];
  private first: number | null = null;

  /** A new connection: what was measured on the old one says nothing about this one. */
  reset(): void {
    this.samples = [];
    this.first = null;
  }

  add(net: Net, at: number): void {
    this.first ??= at;
    this.samples.push({ at, net });
    while (this.samples.length && this.samples[0]!.at < at - QUALITY_WINDOW_MS) this.samples.shift();
  }

  /** Medians over the window, each rounded as shown. */
  summary(): Net {
    const pick = (k: keyof Net) => median(this.samples.map((s) => s.net[k]).filter((v): v is number => v != null));
    const rtt = pick('rttMs');
    const jitter = pick('jitterMs');
    const loss = pick('lossPct');
    return {
      rttMs: rtt == null ? null : Math.round(rtt),
      jitterMs: jitter == null ? null : Math.round(jitter),
      lossPct: loss == null ? null : Math.round(loss * 10) / 10,
    };
  }

  grade(now: number): Grade {
    if (this.first == null || now - this.first < QUALITY_SETTLE_MS) return 'unknown';
    return grade(this.summary());
  }
}
