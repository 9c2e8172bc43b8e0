/**
 * The link under a voice session: microphone out, assistant audio in, and the `oai-events` data
 * channel. The WebRTC implementation lives in the offscreen document (it needs browser globals);
 * unit tests script a fake one. A transport knows nothing about the conversation: it carries
 * frames and says when the link is up or gone.
 */
import type { SessionError } from '../errors';
import type { RealtimeClientEvent } from '../realtime/protocol';

export interface TransportEvents {
  /** The data channel is open: the session can be configured. */
  open(): void;
  /** One raw data-channel frame, unparsed (the link layer parses it). */
  frame(raw: unknown): void;
  /**
   * The link failed or was lost: microphone refused, signalling refused, ICE failed, channel
   * closed, server silent. Never called after `close()`.
   */
  lost(error: SessionError): void;
}

export interface Transport {
  /** Opens the microphone, exchanges SDP and opens the channel; progress comes back as events. */
  start(events: TransportEvents): Promise<void>;
  /** Sends a client event; false when the channel is not open. */
  send(event: RealtimeClientEvent): boolean;
  /** Whether microphone audio goes out (mute and push-to-talk close it). */
  setMicOpen(open: boolean): void;
  /** The session is live: start noticing a server that goes silent without closing anything. */
  watchLiveness(): void;
  /** A microphone track is live now. */
  readonly micLive: boolean;
  /** Liveness probes sent so far (tests read it). */
  readonly probes: number;
  /** Idempotent: releases the microphone, the channel and the peer connection. */
  close(): void;
  /** Closes, and waits (at most `maxWaitMs`) for an SDP exchange in flight so its call is hung up. */
  closeAndHangUp(maxWaitMs: number): Promise<void>;
}

/** Timers and time, injected so the heart runs under fake time in tests. */
export interface VoiceClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: VoiceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
