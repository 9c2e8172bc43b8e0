/**
 * Storage items that extension pages may read. The API key is NOT here (see `secrets.ts`,
 * imported only by the service worker). Offscreen documents have no `chrome.storage`, so
 * nothing under entrypoints/offscreen imports this.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { SessionState } from '../session/machine';
import type { PageSnapshot } from '../page/budget';
import type { Transcript } from '../transcript/reduce';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/**
 * Everything the service worker must remember about the current session. `session:` storage
 * survives the worker being stopped, but not a browser restart (a session can't either).
 */
export interface SessionRecord {
  state: SessionState;
  /** Increases on every connect; events from older connections are ignored. */
  attempt: number;
  /** Consecutive reconnect attempts since the session was last live. */
  retries: number;
  tabId: number | null;
  page: PageSnapshot | null;
  /** Exactly what the model was told (after redaction), for the side panel's preview. */
  instructions: string;
  /** Transcript of the last session, kept after the offscreen document is gone. */
  transcript: Transcript | null;
}

export const sessionRecordItem = storage.defineItem<SessionRecord>('session:record', {
  fallback: { state: { status: 'idle' }, attempt: 0, retries: 0, tabId: null, page: null, instructions: '', transcript: null },
});
