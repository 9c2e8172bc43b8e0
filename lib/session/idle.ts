/**
 * Idle auto-end: a conversation in which nobody has said anything for a while is ended, so the
 * microphone is not left open by a forgotten session. Pure: the caller supplies the clock.
 */

/** Default for `Settings.idleTimeoutMinutes` (0 = never end a silent session). */
export const DEFAULT_IDLE_MINUTES = 5;

/** Server events that mean someone is talking (or about to): each one restarts the idle clock. */
const ACTIVITY_EVENTS = new Set([
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'input_audio_buffer.committed',
  'conversation.item.input_audio_transcription.completed',
  'response.created',
  'response.done',
  'output_audio_buffer.started',
  'output_audio_buffer.stopped',
]);

export function isActivityEvent(type: unknown): boolean {
  return typeof type === 'string' && ACTIVITY_EVENTS.has(type);
}

/** The idle limit in ms for a settings value in minutes; null = never (0, negative, not a number). */
export function idleTimeoutMs(minutes: unknown): number | null {
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 ? Math.round(minutes * 60_000) : null;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Calls `onIdle` once `timeoutMs` pass without `touch()`. `start()` arms it (a session went live),
 * `stop()` disarms it (the link dropped, or the session ended).
 */
export class IdleTimer {
  private handle: unknown = null;

  constructor(
    private readonly timeoutMs: number | null,
    private readonly onIdle: () => void,
    private readonly clock: Clock = globalThis,
  ) {}

  get armed(): boolean {
    return this.handle != null;
  }

  start(): void {
    this.stop();
    if (this.timeoutMs == null) return;
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      this.onIdle();
    }, this.timeoutMs);
  }

  /** Activity: restart the clock, if it is running. */
  touch(): void {
    if (this.handle != null) this.start();
  }

  stop(): void {
    if (this.handle != null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}
