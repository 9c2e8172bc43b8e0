/**
 * A scoped logger, so every line says which context wrote it ('sw' = service worker). Logs hold
 * no content: never page text, transcripts or secrets — only states, codes and counts.
 */
export type LogScope = 'sw' | 'offscreen' | 'panel' | 'options' | 'welcome' | 'page';

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

type Sink = Pick<Console, 'info' | 'warn' | 'error'>;

export function createLogger(scope: LogScope, sink: Sink = console): Logger {
  const line = (message: string) => `[hark:${scope}] ${message}`;
  const emit = (level: keyof Sink) => (message: string, detail?: unknown) =>
    detail === undefined ? sink[level](line(message)) : sink[level](line(message), detail);
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
