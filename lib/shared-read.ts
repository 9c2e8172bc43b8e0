/**
 * One read shared by every caller within `maxAgeMs`: a call while a read is in flight, or soon after
 * one finished, gets that read's result instead of starting another.
 *
 * Why: the offscreen document reads `RTCPeerConnection.getStats()` for two loops, telemetry (5 Hz)
 * and the liveness watch (2 Hz). Each read builds a whole report (every codec, candidate and
 * certificate entry) as Blink objects that live until the renderer's next garbage collection; the
 * bench's memory section (bench/memory.mjs) saw that churn as most of Hark's extra renderer memory
 * over a bare page holding the same call. Both loops tolerate a report a tick old.
 * `maxAgeMs` may change over time (a function): the reads' cadence follows whether a panel watches.
 */
export function sharedRead<T>(read: () => Promise<T>, maxAgeMs: number | (() => number), now: () => number): () => Promise<T> {
  const maxAge = typeof maxAgeMs === 'number' ? () => maxAgeMs : maxAgeMs;
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (last && (last.at < 0 || now() - last.at <= maxAge())) return last.value;
    const entry: { at: number; value: Promise<T> } = { at: -1, value: Promise.resolve() as Promise<T> };
    // A failed read is never shared: the next caller tries again.
    entry.value = read().then(
      (v) => {
        entry.at = now();
        return v;
      },
      (e: unknown) => {
        if (last === entry) last = null;
        throw e;
      },
    );
    last = entry;
    return entry.value;
  };
}
