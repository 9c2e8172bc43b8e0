/**
 * The session lifecycle, as one pure state machine. Every context renders from its state:
 * the service worker persists it, the side panel and the toolbar badge show it.
 *
 *            start                 connected
 *   idle ───────────► connecting ───────────► live ◄──┐ activity / muted
 *    ▲  ▲               │  ▲  │  │              │ └───┘
 *    │  │  mic needed   │  │  │  │ dropped      │ dropped (link lost, rollover,
 *    │  │               ▼  │  │  │ (retryable)  ▼          retryable failure)
 *    │  │      requesting-mic │  │  └─────► reconnecting(attempt n, next try at t)
 *    │  │        (granted)───┘  │ failed            │ connected → live; failed / gave up → error
 *    │  │                       ▼                   │
 *    │  └──── stop / dismiss ◄ error(reason) ◄──────┘
 *    │
 *    └─ stopped ◄── ending ◄── stop (from any active state; idle timeout too)
 *
 * idle            nothing runs; no microphone, no offscreen document
 * requesting-mic  waiting for the user to answer the permission page
 * connecting      minting a key, opening the mic, SDP exchange, waiting for session.updated
 * live            connected; `activity` says who is talking, `muted` whether the mic is off
 * reconnecting    a live session's link dropped, or it is rolling over before its time limit
 *                 (`wasLive`), or a first connect is waiting out a rate limit once (not
 *                 `wasLive`); a new session is being opened (`attempt`, `nextAt`)
 * ending          tearing down
 * error           stopped because of `error`; start again to retry
 */
import type { SessionError } from '../errors';
import { DEFAULT_BACKOFF } from './backoff';

export type Activity = 'listening' | 'user-speaking' | 'assistant-speaking';

export type SessionState =
  | { status: 'idle' }
  | { status: 'requesting-mic' }
  | { status: 'connecting' }
  | { status: 'live'; activity: Activity; muted: boolean; since: number }
  /** `wasLive` false: a first start that never connected (no "connection lost" to speak of). */
  | { status: 'reconnecting'; attempt: number; nextAt: number; wasLive?: boolean }
  | { status: 'ending' }
  | { status: 'error'; error: SessionError };

export type SessionEvent =
  | { type: 'start' }
  | { type: 'mic-permission-needed' }
  | { type: 'mic-granted' }
  | { type: 'connected'; at: number }
  | { type: 'activity'; activity: Activity }
  | { type: 'muted'; muted: boolean }
  | { type: 'dropped'; attempt: number; nextAt: number }
  | { type: 'failed'; error: SessionError }
  | { type: 'stop' }
  | { type: 'stopped' };

export const IDLE: SessionState = { status: 'idle' };

/** States in which a microphone may be open or about to be. A toolbar click stops these. */
export function isActive(s: SessionState): boolean {
  return s.status === 'connecting' || s.status === 'live' || s.status === 'reconnecting' || s.status === 'requesting-mic';
}

/**
 * Whether this conversation has been live since its start: a drop from here is a lost connection
 * (the reconnect loop); before, a failure is a setup problem the user must see at once. A record
 * saved before `wasLive` existed counts as live (the old behaviour).
 */
export function hasBeenLive(s: SessionState): boolean {
  return s.status === 'live' || (s.status === 'reconnecting' && s.wasLive !== false);
}

/** Pure transition; events that make no sense in a state leave it unchanged. */
export function transition(s: SessionState, e: SessionEvent): SessionState {
  switch (e.type) {
    case 'start':
      return s.status === 'idle' || s.status === 'error' ? { status: 'connecting' } : s;
    case 'mic-permission-needed':
      return s.status === 'connecting' ? { status: 'requesting-mic' } : s;
    case 'mic-granted':
      return s.status === 'requesting-mic' ? { status: 'connecting' } : s;
    case 'connected':
      return s.status === 'connecting' || s.status === 'reconnecting'
        ? { status: 'live', activity: 'listening', muted: false, since: e.at }
        : s;
    case 'activity':
      return s.status === 'live' ? { ...s, activity: e.activity } : s;
    case 'muted':
      return s.status === 'live' ? { ...s, muted: e.muted } : s;
    case 'dropped':
      return s.status === 'live' || s.status === 'reconnecting' || s.status === 'connecting'
        ? { status: 'reconnecting', attempt: e.attempt, nextAt: e.nextAt, wasLive: hasBeenLive(s) }
        : s;
    case 'failed':
      return isActive(s) ? { status: 'error', error: e.error } : s;
    case 'stop':
      if (isActive(s)) return { status: 'ending' };
      return s.status === 'error' ? IDLE : s;
    case 'stopped':
      return s.status === 'ending' ? IDLE : s;
  }
}

/** Short label for the UI and the toolbar badge. */
export function describe(s: SessionState): { label: string; badge: string } {
  switch (s.status) {
    case 'idle':
      return { label: 'Not listening', badge: '' };
    case 'requesting-mic':
      return { label: 'Waiting for microphone permission', badge: 'MIC' };
    case 'connecting':
      return { label: 'Connecting…', badge: '…' };
    case 'live':
      if (s.muted) return { label: 'Muted', badge: 'MUTE' }; // still connected: never "OFF" (lib/ui/action-state.ts)
      if (s.activity === 'assistant-speaking') return { label: 'Assistant speaking', badge: 'SPK' };
      if (s.activity === 'user-speaking') return { label: 'Hearing you', badge: 'ON' };
      return { label: 'Listening', badge: 'ON' };
    case 'reconnecting':
      return s.wasLive === false
        ? { label: 'Connecting (retrying once)…', badge: '…' }
        : { label: `Connection lost — retrying, ${s.attempt} of ${DEFAULT_BACKOFF.maxAttempts}`, badge: '↻' };
    case 'ending':
      return { label: 'Stopping…', badge: '' };
    case 'error':
      return { label: 'Error', badge: '!' };
  }
}

/**
 * What each state lets through from outside, so the supervisor asks the machine instead of
 * repeating status checks in every handler. A `report` (connection event, transcript checkpoint)
 * must also come from the current attempt, a `retry` timer from the current retry number; the
 * supervisor compares those numbers, which live in the stored record, not in the state.
 */
export type SessionRequest = 'report' | 'retry' | 'follow' | 'talk' | 'mic-answer';

export function accepts(s: SessionState, request: SessionRequest): boolean {
  switch (request) {
    case 'report':
      return isActive(s);
    case 'retry':
      return s.status === 'reconnecting';
    case 'follow':
      return s.status === 'live' || s.status === 'reconnecting';
    case 'talk':
      return s.status === 'live';
    case 'mic-answer':
      return s.status === 'requesting-mic';
  }
}
