/**
 * The one typed message protocol between Hark's contexts. One protocol map per *receiving*
 * context; names carry the receiver as a prefix. `runtime.sendMessage` reaches every extension
 * page, and each context only answers the names it registered.
 *
 * Expected failures travel as values (`Result`), never as thrown errors; payloads are plain JSON.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { SessionError } from '../errors';
import type { Activity, SessionState } from '../session/machine';
import type { Message, Transcript } from '../transcript/reduce';
import type { PageSnapshot } from '../page/budget';
import type { RealtimeSessionCreateRequest } from './realtime';

export type Result = { ok: true } | { ok: false; error: SessionError };

export interface SessionSnapshot {
  state: SessionState;
  page: PageSnapshot | null;
  /** Exactly what the model was told about the page (after redaction). */
  instructions: string;
  transcript: Transcript;
}

/** What the offscreen document reports about the connection it owns. */
export type ConnectionEvent =
  | { kind: 'live' }
  | { kind: 'activity'; activity: Activity }
  | { kind: 'failed'; error: SessionError }
  | { kind: 'dropped'; error: SessionError };

/** Handled by the service worker. */
export interface BackgroundProtocol {
  /** Start when idle, stop when active (side-panel button; the toolbar uses action.onClicked). */
  'bg:toggle'(): Result;
  'bg:stop'(): void;
  'bg:getSnapshot'(): SessionSnapshot;
  /** Re-read the active tab (after the user granted access to more sites). */
  'bg:refreshPage'(): void;
  'bg:sendText'(data: { text: string }): Result;
  'bg:setMuted'(data: { muted: boolean }): Result;
  /** The key goes straight to the service worker; nothing ever reads it back out. */
  'bg:saveApiKey'(data: { key: string }): { saved: boolean };
  'bg:hasApiKey'(): { saved: boolean };
  /** From the permission section of the options page. */
  'bg:micPermission'(data: { granted: boolean }): void;
  /** From the offscreen document; `attempt` lets the worker ignore a stale connection. */
  'bg:connectionEvent'(data: { attempt: number; event: ConnectionEvent }): void;
  /** From the offscreen document, which owns retry timers (it outlives the worker). */
  'bg:retryDue'(data: { attempt: number }): void;
}

export interface ConnectRequest {
  attempt: number;
  /** Ephemeral `ek_…` key: the long-lived API key never reaches the offscreen document. */
  ephemeralKey: string;
  callsUrl: string;
  session: RealtimeSessionCreateRequest;
  /** A reconnect: keep the transcript, mark the gap, and replay recent history to the new session. */
  resume: boolean;
}

/** Handled by the offscreen document. */
export interface OffscreenProtocol {
  /** Starts connecting; progress and outcome come back as `bg:connectionEvent`. */
  'offscreen:connect'(data: ConnectRequest): void;
  /** Closes everything and hands back the transcript. */
  'offscreen:disconnect'(): { transcript: Transcript };
  'offscreen:sendText'(data: { text: string }): Result;
  'offscreen:setMuted'(data: { muted: boolean }): void;
  /** New page instructions for the live session (sent as `session.update`). */
  'offscreen:updateInstructions'(data: { instructions: string }): void;
  /** Calls `bg:retryDue` after `delayMs`, or as soon as the browser is back online. */
  'offscreen:scheduleRetry'(data: { attempt: number; delayMs: number }): void;
  'offscreen:getState'(): { attempt: number | null; transcript: Transcript; micLive: boolean };
}

/** Broadcasts to whichever side panels are open. */
export interface UiProtocol {
  'ui:state'(data: { state: SessionState; page: PageSnapshot | null; instructions: string }): void;
  'ui:message'(data: { message: Message; afterId: string | null }): void;
  'ui:transcriptReset'(data: { transcript: Transcript }): void;
}

export const backgroundMessenger = defineExtensionMessaging<BackgroundProtocol>();
export const offscreenMessenger = defineExtensionMessaging<OffscreenProtocol>();
export const uiMessenger = defineExtensionMessaging<UiProtocol>();

/**
 * Sends a one-way broadcast. "No receiver" (side panel closed) is the normal case, not an error.
 */
export async function notify<K extends keyof UiProtocol>(type: K, data: Parameters<UiProtocol[K]>[0]): Promise<void> {
  try {
    await (uiMessenger.sendMessage as (t: K, d: typeof data) => Promise<unknown>)(type, data);
  } catch {
    // Nobody listening.
  }
}
