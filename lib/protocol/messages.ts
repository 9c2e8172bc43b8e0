/**
 * The one typed message protocol between Hark's contexts. One protocol map per *receiving*
 * context; names carry the receiver as a prefix. `runtime.sendMessage` reaches every extension
 * page, and each context only answers the names it registered, and only from the senders
 * `sender-policy.ts` allows for each name (a content script is never one of them).
 *
 * Expected failures travel as values (`Result`), never as thrown errors; payloads are plain JSON.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { createLogger } from '../log';
import { guardedReceiver } from './guard';
import { BACKGROUND_SENDERS, OFFSCREEN_SENDERS, UI_SENDERS, type ExtensionSelf } from './sender-policy';
import type { SessionError } from '../errors';
import type { Activity, SessionState } from '../session/machine';
import type { Message, Transcript } from '../transcript/reduce';
import type { PageSnapshot } from '../page/budget';
import type { RealtimeSessionCreateRequest } from '../realtime/protocol';
import type { TurnMode } from '../settings';
import type { ToolCall, ToolOutcome } from '../tools/contract';
import type { ConnectionTestResult, OriginToConfirm, SecretKind } from '../connection';
import type { SecretStatus } from '../secret-origin';
import type { SignInConfig, SignInStatus } from '../sign-in-types';
import type { ToolPanelState } from '../tools/panel-state';
import type { DeviceChoice } from '../audio/devices';
import type { PreviewMint } from '../voice/preview';

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
  /**
   * Any of the secrets (API key, token server access token, Azure api-key); write-only: nothing
   * ever reads it back out. The worker binds it to the origin the saved settings name; `origin`
   * is what the page believes that is (a mismatch saves nothing).
   */
  'bg:saveSecret'(data: { kind: SecretKind; value: string; origin?: string }): { saved: boolean; error?: string };
  /** Which secrets are saved (never their values), and whether each may go where the settings say. */
  'bg:secretStatus'(): Record<SecretKind, SecretStatus>;
  /** The user confirmed, on a screen naming `origin`, that it may be used (see lib/secret-origin.ts). */
  'bg:confirmOrigin'(data: OriginToConfirm): { ok: boolean; message: string };
  /** Team mode: "Sign in with your organisation" (OIDC + PKCE in the worker, entrypoints/background/sign-in.ts). */
  'bg:signIn'(data: SignInConfig): { ok: boolean; message: string };
  /** Who is signed in and until when (never a token). */
  'bg:signInStatus'(): SignInStatus;
  'bg:signOut'(): void;
  /** Mints a real ephemeral key with the saved settings, discards it, and says how it went. */
  'bg:testConnection'(): ConnectionTestResult;
  /** Voice preview: a key for one short call with `voice` (lib/voice/preview.ts); only the options page. */
  'bg:previewVoice'(data: { voice: string }): PreviewMint;
  /** From the permission section of the options page. */
  'bg:micPermission'(data: { granted: boolean }): void;
  /** From the offscreen document; `attempt` lets the worker ignore a stale connection. */
  'bg:connectionEvent'(data: { attempt: number; event: ConnectionEvent }): void;
  /** From the offscreen document, which owns retry timers (it outlives the worker). */
  'bg:retryDue'(data: { attempt: number }): void;
  /** From the offscreen document: the transcript so far, kept in case the document crashes. */
  'bg:checkpoint'(data: { attempt: number; transcript: Transcript }): void;
  /** The offscreen document's standby time (after a conversation) is up: close it unless in use. */
  'bg:standbyOver'(): void;
  /** From the offscreen document: run one tool call the model made (lib/tools/contract.ts). */
  'bg:runTool'(data: { call: ToolCall }): ToolOutcome;
  /** Page tools: the pending confirmations and what tools sent, for a side panel that just opened. */
  'bg:toolState'(): ToolPanelState;
  /** The user's answer to a pending tool confirmation (only the side panel may send it). */
  'bg:toolConfirmAnswer'(data: { id: string; allow: boolean }): { ok: boolean };
  /**
   * From the offscreen document: the user said "yes" or "no" (their own transcribed speech, begun
   * at `spokeAt`, epoch ms) while a confirmation was pending; it answers the one on screen.
   */
  'bg:toolVoiceAnswer'(data: { allow: boolean; spokeAt: number }): { ok: boolean };
}

export interface ConnectRequest {
  attempt: number;
  /** Ephemeral `ek_…` key: the long-lived API key never reaches the offscreen document. */
  ephemeralKey: string;
  callsUrl: string;
  /** The origins the worker allows the ephemeral key to go to; the document checks `callsUrl` against them again. */
  trustedOrigins: string[];
  session: RealtimeSessionCreateRequest;
  /** A reconnect: keep the transcript, mark the gap, and replay recent history to the new session. */
  resume: boolean;
  /** With `resume`: the worker's copy of the transcript, for a document that lost its own (crash). */
  transcript?: Transcript | null;
  /** End the session after this long without anyone talking; null = never. */
  idleTimeoutMs?: number | null;
  /** Conversation preferences the offscreen document cannot read itself (it has no storage). */
  prefs?: ConnectPrefs;
}

export interface ConnectPrefs {
  /** Stop the session when its estimated cost reaches this (USD); 0 = no cap. */
  costCapUsd: number;
  /** Assistant playback volume, 0–1. */
  volume: number;
  /** The greeting's request (lib/voice/greeting.ts), sent once when the conversation first goes live; absent/null = no greeting. */
  greeting?: string | null;
  /** The chosen microphone and speaker (lib/audio/devices.ts); absent = the defaults. */
  devices?: DeviceChoice;
}

/** Handled by the offscreen document. */
export interface OffscreenProtocol {
  /** Starts connecting; progress and outcome come back as `bg:connectionEvent`. */
  'offscreen:connect'(data: ConnectRequest): void;
  /** Closes everything and hands back the transcript. */
  'offscreen:disconnect'(): { transcript: Transcript };
  /** Hung up and kept ready for the next start: calls `bg:standbyOver` after `ms` unless reconnected. */
  'offscreen:standby'(data: { ms: number }): void;
  'offscreen:sendText'(data: { text: string }): Result;
  'offscreen:setMuted'(data: { muted: boolean }): void;
  /** New page instructions for the live session (sent as `session.update`). */
  'offscreen:updateInstructions'(data: { instructions: string }): void;
  /** Calls `bg:retryDue` after `delayMs`, or as soon as the browser is back online. */
  /** `watchOrigin`: the last attempt could not reach this origin; retry as soon as it answers. */
  'offscreen:scheduleRetry'(data: { attempt: number; delayMs: number; watchOrigin?: string }): void;
  'offscreen:getState'(): {
    attempt: number | null;
    transcript: Transcript;
    micLive: boolean;
    /** Live microphone tracks and open peer connections in the document (a leak check for tests). */
    media?: { liveTracks: number; openPeers: number };
  };
  // Real-time controls, sent by the side panel straight to the offscreen document (no worker hop):
  /** Barge-in: `response.cancel` (if generating) + `output_audio_buffer.clear` (if playing). */
  'offscreen:interrupt'(): Result;
  /** Push-to-talk: pressed = `input_audio_buffer.clear` and open the mic; released = commit + `response.create`. */
  'offscreen:pushToTalk'(data: { pressed: boolean }): Result;
  /** Switches turn detection in the live session (`session.update`). */
  'offscreen:setTurnMode'(data: { mode: TurnMode }): Result;
  /** Assistant playback volume, 0–1. */
  'offscreen:setVolume'(data: { volume: number }): void;
}

/** Broadcasts to whichever side panels are open. */
export interface UiProtocol {
  /** The session's state changed (sent often: several times per exchange, so it carries nothing else). */
  'ui:state'(data: { state: SessionState }): void;
  /** What the model knows about the page changed (a start, another tab, a selection). */
  'ui:shared'(data: { page: PageSnapshot | null; instructions: string }): void;
  'ui:message'(data: { message: Message; afterId: string | null }): void;
  'ui:transcriptReset'(data: { transcript: Transcript }): void;
  /** Page tools: pending confirmations and what tools sent changed. */
  'ui:toolState'(data: ToolPanelState): void;
}

/** Hark's identity as the sender policy checks it, from the (injected) `runtime` API. */
export function ownExtension(runtime: { id: string; getURL(path: string): string }): ExtensionSelf {
  return { id: runtime.id, baseUrl: runtime.getURL('/') };
}

/** Name of the port the offscreen document holds to the worker (its disconnect = document gone). */
export const OFFSCREEN_PORT = 'hark-offscreen';
/** Name of the port an open side panel holds to the worker during a session (its disconnect = panel closed). */
export const PANEL_PORT = 'hark-panel';

const backgroundChannel = defineExtensionMessaging<BackgroundProtocol>();
const offscreenChannel = defineExtensionMessaging<OffscreenProtocol>();
const uiChannel = defineExtensionMessaging<UiProtocol>();

// Sending only: a context receives through the `*Receiver` functions below, which check every
// sender against lib/protocol/sender-policy.ts before a handler runs. No raw `onMessage` is
// exported, so a handler cannot be registered around the policy.
export const backgroundMessenger = { sendMessage: backgroundChannel.sendMessage };
export const offscreenMessenger = { sendMessage: offscreenChannel.sendMessage };
export const uiMessenger = { sendMessage: uiChannel.sendMessage };

/** Registers the service worker's handlers; `extensionId` is `ownExtension(chrome.runtime)`. */
export const backgroundReceiver = (extensionId: ExtensionSelf) =>
  guardedReceiver<BackgroundProtocol>(backgroundChannel, BACKGROUND_SENDERS, extensionId, createLogger('sw'));
/** Registers the offscreen document's handlers. */
export const offscreenReceiver = (extensionId: ExtensionSelf) =>
  guardedReceiver<OffscreenProtocol>(offscreenChannel, OFFSCREEN_SENDERS, extensionId, createLogger('offscreen'));
/** Registers the side panel's broadcast handlers. */
export const uiReceiver = (extensionId: ExtensionSelf) => guardedReceiver<UiProtocol>(uiChannel, UI_SENDERS, extensionId, createLogger('panel'));

/**
 * Sends a one-way broadcast, in order, without waiting for the answer: every extension document
 * receives it, and one that is busy (an offscreen document still loading on the shared renderer
 * thread) would otherwise hold up the sender. "No receiver" (side panel closed) is the normal
 * case, not an error.
 */
export function notify<K extends keyof UiProtocol>(type: K, data: Parameters<UiProtocol[K]>[0]): void {
  (uiMessenger.sendMessage as (t: K, d: typeof data) => Promise<unknown>)(type, data).catch(() => {
    // Nobody listening.
  });
}
