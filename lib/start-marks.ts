/**
 * Time stamps (epoch ms) of the stages of the latest start, kept so the benchmark can show where
 * click-to-ready goes (read over CDP as `harkDebug.startMarks()`). A handful of numbers; no
 * effect on behaviour.
 */
/** Epoch ms with sub-ms resolution, comparable across the worker, documents and the benchmark. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export class StartMarks {
  private marks: Record<string, number> = {};

  constructor(private readonly now: () => number = epochNow) {}

  /** `reset` starts a new trail (the first stage of a start). */
  mark(stage: string, reset = false): void {
    if (reset) this.marks = {};
    this.marks[stage] ??= this.now();
  }

  read(): Record<string, number> {
    return { ...this.marks };
  }
}
