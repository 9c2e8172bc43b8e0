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
