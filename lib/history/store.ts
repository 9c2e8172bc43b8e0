/**
 * Conversation history in `local:` extension storage: a small index for the list, and one item
 * per conversation so opening the list never loads every transcript. Newest first; the oldest
 * are dropped beyond `MAX_CONVERSATIONS`.
 */
import { storage } from 'wxt/utils/storage';
import { deletedConversationsItem, historyIndexItem, type HistoryEntry } from '../state/history';
import { conversationId, keptMessages, type Conversation } from './export';
import type { PageSnapshot } from '../page/budget';
import { messages as ordered, type Transcript } from '../transcript/reduce';

export type { HistoryEntry };

export const MAX_CONVERSATIONS = 200;
const key = (id: string) => `local:conversation:${id}` as const;

/** The conversation a finished session's transcript makes, or null when nothing was said. */
export function fromTranscript(t: Transcript, page: Pick<PageSnapshot, 'title' | 'url'> | null): Conversation | null {
  const messages = keptMessages(ordered(t));
  const id = conversationId(messages);
  if (!id || !messages.some((m) => m.role !== 'notice')) return null;
  return {
    id,
    startedAt: messages[0]!.at,
    endedAt: Math.max(...messages.map((m) => m.at)),
    page: page ? { title: page.title ?? '', url: page.url ?? '' } : null,
    messages,
  };
}

/** Saves (or replaces: the id is stable) a conversation. */
export async function saveConversation(c: Conversation): Promise<void> {
  const entry: HistoryEntry = {
    id: c.id,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    title: c.page?.title ?? '',
    url: c.page?.url ?? '',
    count: c.messages.length,
  };
  await storage.setItem(key(c.id), c);
  const index = (await historyIndexItem.getValue()).filter((e) => e.id !== c.id);
  const next = [entry, ...index].sort((a, b) => b.startedAt - a.startedAt);
  const dropped = next.splice(MAX_CONVERSATIONS);
  await historyIndexItem.setValue(next);
  if (dropped.length) await storage.removeItems(dropped.map((e) => key(e.id)));
}

export const listConversations = () => historyIndexItem.getValue();
export const getConversation = (id: string) => storage.getItem<Conversation>(key(id));

const MAX_TOMBSTONES = 50;

export async function deleteConversation(id: string): Promise<void> {
  const deleted = (await deletedConversationsItem.getValue()).filter((d) => d !== id);
  await deletedConversationsItem.setValue([...deleted, id].slice(-MAX_TOMBSTONES));
  await storage.removeItem(key(id));
  await historyIndexItem.setValue((await historyIndexItem.getValue()).filter((e) => e.id !== id));
}

export async function deleteAllConversations(): Promise<void> {
  const index = await historyIndexItem.getValue();
  await storage.removeItems(index.map((e) => key(e.id)));
  await historyIndexItem.setValue([]);
}
