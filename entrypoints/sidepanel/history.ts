/** The panel's history model: the saved list, the conversation opened from it, and exports. */
import { signal } from '@preact/signals';
import { deleteAllConversations, deleteConversation, getConversation, type HistoryEntry } from '@/lib/history/store';
import { historyIndexItem, historyProblemItem } from '@/lib/state/history';
import { exportFileName, toJson, toMarkdown, type Conversation } from '@/lib/history/export';

export const view = signal<'conversation' | 'history'>('conversation');
export const entries = signal<HistoryEntry[]>([]);
export const opened = signal<Conversation | null>(null);
/** Why history could not be saved (full disk), shown above both views until a save succeeds. */
export const historyProblem = signal<string | null>(null);

export function connectHistory(): void {
  void historyIndexItem.getValue().then((list) => (entries.value = list));
  historyIndexItem.watch((list) => (entries.value = list ?? []));
  void historyProblemItem.getValue().then((p) => (historyProblem.value = p));
  historyProblemItem.watch((p) => (historyProblem.value = p ?? null));
}

export async function openConversation(id: string): Promise<void> {
  opened.value = await getConversation(id);
}

export async function removeConversation(id: string): Promise<void> {
  if (opened.value?.id === id) opened.value = null;
  await deleteConversation(id);
}

export async function removeAll(): Promise<void> {
  opened.value = null;
  await deleteAllConversations();
}

/** Saves a file through the browser's download (no "downloads" permission needed). */
export function download(c: Conversation, kind: 'md' | 'json'): void {
  const body = kind === 'md' ? toMarkdown(c) : toJson(c);
  const type = kind === 'md' ? 'text/markdown' : 'application/json';
  const url = URL.createObjectURL(new Blob([body], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(c, kind);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
