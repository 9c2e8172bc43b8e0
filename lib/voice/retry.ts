/**
 * The voice session's pending reconnect: due after a backoff delay, or sooner as soon as the
 * browser is back online or the server's origin answers again (a retry after "unreachable" need
 * not sit out its delay). One at a time; a new schedule or a connect replaces it.
 */
import type { VoiceClock } from './transport';

export interface RetryDeps {
  clock: VoiceClock;
  online(): boolean;
  /** Calls back once `origin` answers again; returns the function that stops watching. */
  watchReachable(origin: string, onReachable: () => void): () => void;
  /** The retry of `attempt` is due. */
  due(attempt: number): void;
}

export function createRetry({ clock, online, watchReachable, due }: RetryDeps) {
  let retry: { attempt: number; timer: unknown; stopWatching?: () => void } | null = null;

  function cancel(): void {
    if (retry) clock.clearTimeout(retry.timer);
    retry?.stopWatching?.();
    retry = null;
  }

  /** Now, if one is pending. */
  function fire(): void {
    if (!retry) return;
    const attempt = retry.attempt;
    cancel();
    due(attempt);
  }

  /** `due` after `delayMs` (if online then), as soon as the browser is back online, or once `watchOrigin` answers. */
  function schedule(data: { attempt: number; delayMs: number; watchOrigin?: string }): void {
    cancel();
    retry = { attempt: data.attempt, timer: clock.setTimeout(() => (online() ? fire() : undefined), data.delayMs) };
    if (data.watchOrigin && data.delayMs > 0) retry.stopWatching = watchReachable(data.watchOrigin, () => online() && fire());
  }

  return { cancel, fire, schedule };
}
