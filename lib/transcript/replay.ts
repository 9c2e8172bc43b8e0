/**
 * There is no server-side resume: after a reconnect Hark opens a new session and replays the
 * most recent turns as text items, newest kept first, within a character budget (a rough proxy
 * for tokens). Item ids are reused so the server's echoes land on the messages we already show.
 *
 * An interrupted reply is replayed as far as the user heard it (`heard`, estimated from playback
 * in playback.ts): on WebRTC the server truncated its own item at the interruption, so the old
 * session's model only knew the heard part, and the new one must not "remember" saying the rest.
 */
import type { RealtimeClientEvent, ServerEvent } from '../realtime/protocol';
import { messages, type Message, type Transcript } from './reduce';

export const REPLAY_BUDGET_CHARS = 8000;
export const REPLAY_MAX_ITEMS = 30;

export function replayEvents(t: Transcript, budget = REPLAY_BUDGET_CHARS, maxItems = REPLAY_MAX_ITEMS): RealtimeClientEvent[] {
  const picked = [];
  let used = 0;
  for (const m of messages(t).reverse()) {
    const size = replaySize(m);
    if (!size) continue;
    if (picked.length >= maxItems || used + size > budget) break;
    used += size;
    picked.push(m);
  }
  return picked.reverse().flatMap(replayItems);
}

/** Characters a message adds to the replay; 0 = not replayed (notices, empty turns, unfinished tool calls). */
function replaySize(m: Message): number {
  if (m.role === 'notice') return 0;
  if (m.role === 'tool') return m.tool?.output === undefined ? 0 : m.tool.arguments.length + m.tool.output.length;
  const text = spokenText(m);
  return text.trim() ? text.length : 0;
}

/** What the conversation holds of a message: an interrupted reply only up to where it was heard. */
export function spokenText(m: Message): string {
  if (m.role !== 'assistant' || !m.interrupted || m.heard == null || m.heard >= m.text.length) return m.text;
  return m.text.slice(0, Math.max(0, m.heard)).trimEnd();
}

/**
 * A tool row is replayed as the model's `function_call` and its `function_call_output`, so the
 * new session knows what it already looked up. Their ids are left to the server.
 */
function replayItems(m: Message): RealtimeClientEvent[] {
  if (m.role === 'tool' && m.tool) {
    const { callId, name, arguments: args, output = '' } = m.tool;
    return [
      { type: 'conversation.item.create', item: { type: 'function_call', call_id: callId, name, arguments: args } },
      { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output } },
    ];
  }
  return [
    {
      type: 'conversation.item.create',
      item:
        m.role === 'user'
          ? { id: m.id, type: 'message', role: 'user', content: [{ type: 'input_text', text: m.text }] }
          : { id: m.id, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: spokenText(m) }] },
    },
  ];
}

/**
 * The new session's `conversation.item.added/done` for a turn Hark replayed into it. The
 * transcript already has that turn in its place; applying the echo would move it after whatever
 * was said since the reconnect (its `previous_item_id` is the new session's order).
 */
export function isReplayEcho(e: ServerEvent, replayed: ReadonlySet<string>): boolean {
  if (e.type !== 'conversation.item.added' && e.type !== 'conversation.item.done') return false;
  return !!e.item.id && replayed.has(e.item.id);
}
