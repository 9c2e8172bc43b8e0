/**
 * The conversation history's index in `local:` storage (newest first). Each conversation is its
 * own `local:conversation:<id>` key, written by lib/history/store.ts, so the list never loads
 * every transcript.
 */
import { storage } from 'wxt/utils/storage';

export interface HistoryEntry {
  id: string;
  startedAt: number;
  endedAt: number;
  title: string;
  url: string;
  count: number;
}

export const historyIndexItem = storage.defineItem<HistoryEntry[]>('local:history', { fallback: [], version: 1 });

/** The id the running conversation was last saved under (`session:`: the worker may restart mid-conversation). */
export const historyLiveIdItem = storage.defineItem<string | null>('session:history-live-id', { fallback: null, version: 1 });

/** Why the last save failed (e.g. a full disk), or null; the side panel shows it. */
export const historyProblemItem = storage.defineItem<string | null>('session:history-problem', { fallback: null, version: 1 });

/**
 * Conversations deleted by the user, newest last: the recorder saves a running conversation as it
 * goes, and must not bring back one the user deleted while it was still running.
 */
export const deletedConversationsItem = storage.defineItem<string[]>('local:history-deleted', { fallback: [], version: 1 });
