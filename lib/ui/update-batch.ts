/**
 * Streamed updates held back until the panel draws something else anyway.
 *
 * Why: while the assistant speaks, the side panel changes for two reasons — the reply's words
 * (one transcript update per delta, ~5 a second) and the levels of the voice surface and meters
 * (telemetry, 5 a second) — and they arrive at unrelated moments, so each one costs its own frame:
 * style, layout, paint, the compositor, the GPU process and the browser, ~10 frames a second where
 * a bare call draws none. Held until the next telemetry sample (or `maxDelayMs`, when no telemetry
 * flows), the words land in the frame the levels need anyway: half the frames, the text at most
 * one sample (200 ms) later. Updates are applied in arrival order, all at once.
 */
export interface UpdateBatch<T> {
  /** Holds an update; it is applied at the next flush, at the latest `maxDelayMs` from now. */
  push(update: T): void;
  /** Applies every held update, in order (nothing if none). */
  flush(): void;
}

/** Runs `fn` after `ms`; returns a function that cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export function createUpdateBatch<T>(apply: (updates: readonly T[]) => void, maxDelayMs: number, schedule: Schedule): UpdateBatch<T> {
  let held: T[] = [];
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    if (!held.length) return;
    const updates = held;
    held = [];
    apply(updates);
  };
  return {
    push(update) {
      held.push(update);
      cancel ??= schedule(flush, maxDelayMs);
    },
    flush,
  };
}
