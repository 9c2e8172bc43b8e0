/**
 * What the voice session (session.ts) needs and whom it tells: its seams to the offscreen
 * document (transport, clock, tool runner, reachability) and to the rest of the extension.
 */
import type { ConnectionEvent, ConnectRequest } from '../protocol/messages';
import type { ServerEvent } from '../realtime/protocol';
import type { Logger } from '../log';
import type { Message, Transcript } from '../transcript/reduce';
import type { ToolRunner } from '../tools/contract';
import type { Transport, VoiceClock } from './transport';

/** What the session tells the rest of the extension (the worker, open side panels). */
export interface VoiceReport {
  connection(attempt: number, event: ConnectionEvent): void;
  /** A message changed; `afterId` places it. */
  message(message: Message, afterId: string | null): void;
  /** The worker's copy of the transcript, in case this document crashes. */
  checkpoint(attempt: number, transcript: Transcript): void;
  retryDue(attempt: number): void;
  standbyOver(): void;
  /** Ask the worker to end the session (idle). */
  stop(): void;
}

/** The conversation UX beside the heart (controls, playback, telemetry), told what happens. */
export interface VoiceObserver {
  connected(req: ConnectRequest): void;
  event(e: ServerEvent): void;
  disconnected(): void;
}

export interface VoiceDeps {
  transport(req: ConnectRequest): Transport;
  clock: VoiceClock;
  report: VoiceReport;
  /** Runs tool calls; absent = no tools (none are declared in the session then either). */
  tools?: ToolRunner;
  /**
   * The user said "yes" or "no" while a confirming tool call waited (`spokeAt`: when they began
   * speaking). True when it answered a pending confirmation. Absent: spoken answers are ignored.
   */
  voiceAnswer?(allow: boolean, spokeAt: number): Promise<boolean>;
  online(): boolean;
  /** Calls back once `origin` answers again (a retry after "unreachable" need not wait). */
  watchReachable(origin: string, onReachable: () => void): () => void;
  observer?: VoiceObserver;
  log: Logger;
  newItemId?(): string;
}
