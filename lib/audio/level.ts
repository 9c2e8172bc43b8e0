/**
 * An audio level from raw samples on the scale of WebRTC's `audioLevel` stats: linear, 0–1,
 * the loudest sample of the window (libwebrtc's AudioLevel keeps the absolute maximum of about
 * 100 ms), so the meters read the same whether the level came from a stats report or from an
 * AnalyserNode (entrypoints/offscreen/level-taps.ts).
 */
export function peakLevel(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i] ?? 0);
    if (v > peak) peak = v;
  }
  return Math.min(1, peak);
}
