/**
 * What the session supervisor (supervisor.ts) needs from the world, as interfaces: the service
 * worker wires Chrome to them (entrypoints/background/session.ts), the unit tests wire fakes.
 * Nothing here touches a browser global.
 */
import type { SessionError } from '../errors';
import type { Logger } from '../log';
import type { PageSnapshot } from '../page/budget';
import type { SiteRules } from '../page/site-rules';
import type { ConnectPrefs, ConnectRequest, Result } from '../protocol/messages';
import type { SessionOptions } from '../realtime/protocol';
import type { Settings } from '../settings';
import type { SessionRecord, SessionShared } from '../state/storage';
import type { Transcript } from '../transcript/reduce';

/** The part of a browser tab the page reader uses (a Chrome `tabs.Tab` is one). */
export interface PageTab {
  id?: number;
  title?: string;
  url?: string;
  pendingUrl?: string;
  incognito: boolean;
}

/**
 * The context that holds the microphone and the connection (Chromium: the offscreen document),
 * and the messages the supervisor sends it. It runs the retry timers: unlike the worker, it is
 * not stopped when idle.
 */
export interface AudioHost {
  exists(): Promise<boolean>;
  /** Resolves once the host can answer messages; concurrent callers share one creation. */
  ensure(): Promise<void>;
  /** A host that prompts for the microphone (Firefox): the refusal, once answered; checked before the mint. */
  microphoneRefusal?(): Promise<SessionError | null>;
  close(): Promise<void>;
  /** After a hang-up: stand by for the next start (a side panel is open), else close. */
  release(keepReadyMinutes: number): Promise<void>;
  connect(request: ConnectRequest): Promise<void>;
  /** Hangs up; the transcript of the call that ended. */
  disconnect(): Promise<Transcript>;
  scheduleRetry(retry: { attempt: number; delayMs: number; watchOrigin?: string }): Promise<void>;
  transcript(): Promise<Transcript>;
  sendText(text: string): Promise<Result>;
  setMuted(muted: boolean): Promise<void>;
  updateInstructions(instructions: string): Promise<void>;
}

/** Everything stored about the session, in parts written separately (lib/state/storage.ts says why). */
export interface SessionParts {
  record: SessionRecord;
  shared: SessionShared;
  transcript: Transcript | null;
}

/** Where the session lives: `session:` storage survives the worker being stopped (lib/state/session-store.ts). */
export interface RecordStore {
  get(): Promise<SessionRecord>;
  shared(): Promise<SessionShared>;
  transcript(): Promise<Transcript | null>;
  /** Writes only the parts given, all in one storage write. */
  write(parts: Partial<SessionParts>): Promise<void>;
}

/** A minted ephemeral key (entrypoints/background/mint.ts), or why there is none. */
export type Minted =
  | { ok: true; value: string; callsUrl: string; trustedOrigins: string[]; instructions?: string }
  | { ok: false; error: SessionError };

/** How a session is configured from the page and the settings (entrypoints/background/session-options.ts). */
export interface Configure {
  instructions(page: PageSnapshot | null, settings: Settings): string;
  options(page: PageSnapshot | null, instructions: string, settings: Settings): SessionOptions;
  prefs(settings: Settings): ConnectPrefs;
  /** The instructions as a token server would prefix them (for updates to a live session). */
  withServerPrefix(instructions: string): Promise<string>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface SupervisorDeps {
  host: AudioHost;
  records: RecordStore;
  settings(): Promise<Settings>;
  mint(settings: Settings, options: SessionOptions): Promise<Minted>;
  readPage(tab: PageTab | undefined, rules: SiteRules): Promise<PageSnapshot | null>;
  /** The tab with this id, or undefined when it is gone. */
  tab(tabId: number): Promise<PageTab | undefined>;
  configure: Configure;
  clock: Clock;
  /** How many side panels are open now (the one closing may still be counted for a moment). */
  openPanels(): Promise<number>;
  /** Shows a saved state: toolbar badge and side panels. Fire and forget. */
  show(state: SessionRecord['state']): void;
  /** Tells the side panels what the model now knows about the page. Fire and forget. */
  showShared(shared: SessionShared): void;
  /** Tells the side panels a new conversation begins. */
  transcriptReset(): void;
  /** Opens the page where the user grants the microphone. */
  askForMicrophone(): Promise<void>;
  /** Start-latency marks (lib/start-marks.ts). */
  mark(stage: string): void;
  log: Logger;
}
