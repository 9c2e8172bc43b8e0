/**
 * There is no server-side resume: after a reconnect Hark opens a new session and replays the
 * most recent turns as text items, newest kept first, within a character budget (a rough proxy
 * for tokens). Item ids are reused so the server's echoes land on the messages we already show.
 */
import type { RealtimeClientEvent, RealtimeServerEvent } from '../realtime/protocol';
import { messages, type Transcript } from './reduce';

export const REPLAY_BUDGET_CHARS = 8000;
export const REPLAY_MAX_ITEMS = 30;

export function replayEvents(t: Transcript, budget = REPLAY_BUDGET_CHARS, maxItems = REPLAY_MAX_ITEMS): RealtimeClientEvent[] {
  const picked = [];
  let used = 0;
  for (const m of messages(t).reverse()) {
    if (m.role === 'notice' || !m.text.trim()) continue;
    if (picked.length >= maxItems || used + m.text.length > budget) break;
    used += m.text.length;
    picked.push(m);
  }
  return picked.reverse().map((m) => ({
    type: 'conversation.item.create',
    item:
      m.role === 'user'
        ? { id: m.id, type: 'message', role: 'user', content: [{ type: 'input_text', text: m.text }] }
        : { id: m.id, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: m.text }] },
  }));
}

/**
 * The new session's `conversation.item.added/done` for a turn Hark replayed into it. The
 * transcript already has that turn in its place; applying the echo would move it after whatever
 * was said since the reconnect (its `previous_item_id` is the new session's order).
 */
export function isReplayEcho(e: RealtimeServerEvent, replayed: ReadonlySet<string>): boolean {
  if (e.type !== 'conversation.item.added' && e.type !== 'conversation.item.done') return false;
  const id = (e.item as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && replayed.has(id);
}
