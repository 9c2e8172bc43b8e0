/**
 * Storage items that extension pages may read. The API key is NOT here (see `secrets.ts`,
 * imported only by the service worker). Offscreen documents have no `chrome.storage`, so
 * nothing under entrypoints/offscreen imports this.
 *
 * Every item declares `version: 1`. WXT treats a stored value without version metadata as v1,
 * so the next shape change is: bump `version` to 2 and add `migrations: { 2: (v1) => v2 }`
 * (tests/lib/state.test.ts shows a value saved today being migrated that way).
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, withDefaults, type Settings } from '../settings';
import type { SessionState } from '../session/machine';
import type { PageSnapshot } from '../page/budget';
import type { Transcript } from '../transcript/reduce';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** The saved settings, with fields added since they were saved filled from the defaults. */
export const getSettings = async (): Promise<Settings> => withDefaults(await settingsItem.getValue());

/** Calls `listener` with the complete settings whenever they change (returns the unwatch function). */
export const watchSettings = (listener: (settings: Settings) => void): (() => void) =>
  settingsItem.watch((saved) => listener(withDefaults(saved)));

/**
 * What the service worker must remember about the current session, in three `session:` items
 * (they survive the worker being stopped, but not a browser restart; a session can't either).
 * Split by how often each changes: every `session:` write is cloned to every extension context
 * with a storage listener, so the record rewritten on each activity change (several per exchange)
 * stays small, and the page text, instructions and transcript are written only when they change.
 */
export interface SessionRecord {
  state: SessionState;
  /** Increases on every connect; events from older connections are ignored. */
  attempt: number;
  /** Consecutive reconnect attempts since the session was last live. */
  retries: number;
  tabId: number | null;
}

/** What the model was given about the page; written when the page is read or changes. */
export interface SessionShared {
  page: PageSnapshot | null;
  /** Exactly what the model was told (after redaction), for the side panel's preview. */
  instructions: string;
}

export const sessionRecordItem = storage.defineItem<SessionRecord>('session:record', {
  fallback: { state: { status: 'idle' }, attempt: 0, retries: 0, tabId: null },
  version: 1,
});

export const sessionSharedItem = storage.defineItem<SessionShared>('session:shared', {
  fallback: { page: null, instructions: '' },
  version: 1,
});

/** Transcript of the running or last session (the audio host's checkpoints), kept after the host is gone. */
export const sessionTranscriptItem = storage.defineItem<Transcript | null>('session:transcript', { fallback: null, version: 1 });
