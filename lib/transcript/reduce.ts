/**
 * The live transcript, as a pure reducer over Realtime server events.
 *
 * Messages are keyed by the server's item id and kept in conversation order, which is not
 * arrival order: a user's input transcription often arrives after the assistant's reply has
 * started streaming, so text lands in the message it belongs to, and `previous_item_id`
 * (from `conversation.item.added`) decides the position.
 */
import type { ServerEvent } from '../realtime/protocol';
import type { Note } from '../realtime/note';
import { transcriptionFailureReason } from '../realtime/transcription-failure';

/** `tool`: one row per tool call the model made (its `text` is the outcome's short summary). */
export type Role = 'user' | 'assistant' | 'notice' | 'tool';

export interface Message {
  id: string;
  role: Role;
  text: string;
  /** false while deltas are still streaming (user text is approximate until final). */
  final: boolean;
  /** The reply was cut off (barge-in or stop) before it finished. */
  interrupted?: boolean;
  /** For an interrupted reply: how many characters of `text` were (estimated to be) played. */
  heard?: number;
  /** Input transcription failed for this user turn. */
  failed?: boolean;
  /** Why it failed, for the user (lib/realtime/transcription-failure.ts; rendered by the panel). */
  failedReason?: Note;
  /**
   * A notice as a message key + parameters (lib/realtime/note.ts): the panel renders it in its
   * language; `text` holds it as rendered where it was made (exports, history).
   */
  note?: Note;
  /** The response that produced an assistant message (links `output_audio_buffer.*`). */
  responseId?: string;
  /** Epoch ms when the message first appeared. */
  at: number;
  /**
   * A typed message shown before the server acknowledged it. Still set when the link drops:
   * the resumed session gets it replayed and answers it (see `needsAnswer`).
   */
  unsent?: boolean;
  /** For a `tool` row: the call and, once it finished, its output (both replayed after a reconnect). */
  tool?: ToolRecord;
}

export interface ToolRecord {
  callId: string;
  name: string;
  arguments: string;
  /** The `function_call_output` text sent to the model; absent while the call runs. */
  output?: string;
}

export interface Transcript {
  order: string[];
  byId: Record<string, Message>;
}

export const emptyTranscript = (): Transcript => ({ order: [], byId: {} });

export function messages(t: Transcript): Message[] {
  return t.order.map((id) => t.byId[id]!);
}

/**
 * Where a message sits: after `afterId` when that is known (and after any notices that follow
 * it: a "connection dropped" marker stays between the turns it separates), else where it
 * already is, or at the end.
 */
function place(t: Transcript, id: string, afterId: string | null | undefined): string[] {
  return placeId(t.order, id, afterId, (x) => t.byId[x]?.role === 'notice');
}

/** `place` over a bare order (the side panel keeps its messages elsewhere). Returns `order` itself when nothing moves. */
export function placeId<T extends readonly string[]>(order: T, id: string, afterId: string | null | undefined, isNotice: (id: string) => boolean): T | string[] {
  const at = order.indexOf(id);
  let anchor = afterId ? order.indexOf(afterId) : -1;
  if (anchor < 0) return at < 0 ? [...order, id] : order;
  while (anchor + 1 < order.length && order[anchor + 1] !== id && isNotice(order[anchor + 1]!)) anchor++;
  if (at === anchor + 1) return order;
  const without = at < 0 ? order : order.filter((x) => x !== id);
  const i = at >= 0 && at < anchor ? anchor - 1 : anchor;
  return [...without.slice(0, i + 1), id, ...without.slice(i + 1)];
}

/**
 * Inserts or replaces a whole message (idempotent; used by the side panel, which receives
 * messages rather than raw events). `afterId` positions a message the first time it is seen.
 */
export function upsert(t: Transcript, m: Message, afterId?: string | null): Transcript {
  return { order: place(t, m.id, afterId), byId: { ...t.byId, [m.id]: m } };
}

/** Applies a patch to message `id`, creating it (at the end) when it does not exist yet. */
function patch(t: Transcript, id: string, role: Role, now: number, f: (m: Message) => Partial<Message>): Transcript {
  const old = t.byId[id] ?? { id, role, text: '', final: false, at: now };
  return upsert(t, { ...old, ...f(old) });
}

export interface Reduced {
  transcript: Transcript;
  /** Ids of messages this event changed, for broadcasting. */
  changed: string[];
}

type Content = { text?: string | null; transcript?: string | null };

function contentText(content: Content[] | null | undefined): string {
  return (content ?? []).map((c) => c.text ?? c.transcript ?? '').join('');
}

export function reduceEvent(t: Transcript, e: ServerEvent, now: number): Reduced {
  const one = (transcript: Transcript, id: string): Reduced => ({ transcript, changed: [id] });
  switch (e.type) {
    case 'input_audio_buffer.speech_started':
      if (!e.item_id || t.byId[e.item_id]) break;
      return one(patch(t, e.item_id, 'user', now, () => ({})), e.item_id);
    case 'conversation.item.added':
    case 'conversation.item.done': {
      const item = e.item;
      if (item.type !== 'message' || !item.id || (item.role !== 'user' && item.role !== 'assistant')) break;
      const role = item.role;
      const text = contentText(item.content);
      const old = t.byId[item.id];
      const { unsent: _acknowledged, ...base }: Message = old ?? { id: item.id, role, text: '', final: false, at: now };
      const typed = role === 'user' && (item.content ?? []).some((c) => c.type === 'input_text');
      const next: Message = {
        ...base,
        // Keep streamed text when the item carries none (user audio items have transcript:null;
        // a truncated assistant item can come back empty).
        text: text || base.text,
        final: base.final || typed || (e.type === 'conversation.item.done' && role === 'assistant' && !!text),
      };
      return one(upsert(t, next, e.previous_item_id), item.id);
    }
    case 'conversation.item.input_audio_transcription.delta':
      return one(patch(t, e.item_id, 'user', now, (m) => ({ text: m.final ? m.text : m.text + (e.delta ?? '') })), e.item_id);
    case 'conversation.item.input_audio_transcription.completed':
      return one(patch(t, e.item_id, 'user', now, () => ({ text: e.transcript, final: true })), e.item_id);
    case 'conversation.item.input_audio_transcription.failed':
      return one(patch(t, e.item_id, 'user', now, () => ({ final: true, failed: true, failedReason: transcriptionFailureReason(e.error) })), e.item_id);
    case 'response.output_audio_transcript.delta':
    case 'response.output_text.delta':
      return one(
        patch(t, e.item_id, 'assistant', now, (m) => ({ text: m.text + e.delta, responseId: e.response_id ?? undefined })),
        e.item_id,
      );
    case 'response.output_audio_transcript.done':
      return one(patch(t, e.item_id, 'assistant', now, (m) => ({ text: e.transcript || m.text, final: true })), e.item_id);
    case 'response.output_text.done':
      return one(patch(t, e.item_id, 'assistant', now, (m) => ({ text: e.text || m.text, final: true })), e.item_id);
    case 'response.done': {
      if (e.response.status !== 'cancelled') break;
      const ids = (e.response.output ?? []).map((o) => o.id).filter((id): id is string => !!id && !!t.byId[id]);
      // A reply cancelled before its first word (the user spoke over a greeting as it began) may
      // not list its item in the output: its empty placeholder must not wait forever.
      for (const id of t.order) {
        const m = t.byId[id]!;
        if (m.role === 'assistant' && !m.final && !m.text && !ids.includes(id)) ids.push(id);
      }
      return markInterrupted(t, ids);
    }
    case 'output_audio_buffer.cleared': {
      // Playback was cut (barge-in or client clear) even if generation had finished.
      const rid = e.response_id;
      const ids = t.order.filter((id) => rid && t.byId[id]!.responseId === rid);
      return markInterrupted(t, ids);
    }
  }
  return { transcript: t, changed: [] };
}

function markInterrupted(t: Transcript, ids: string[]): Reduced {
  let out = t;
  for (const id of ids) out = upsert(out, { ...out.byId[id]!, interrupted: true, final: true });
  return { transcript: out, changed: ids };
}

/** Records how much of an interrupted reply was played (see `lib/transcript/heard.ts`). */
export function setHeard(t: Transcript, id: string, heard: number): Transcript {
  const m = t.byId[id];
  return m ? upsert(t, { ...m, heard: Math.max(0, Math.min(heard, m.text.length)) }) : t;
}

/** A message the user typed, shown at once (before the server's echo, which lands on the same id). */
export function addTyped(t: Transcript, id: string, text: string, now: number): Transcript {
  return upsert(t, { id, role: 'user', text, final: true, at: now, unsent: true });
}

/** The server has the message now (a resumed session's echo of a replayed turn). */
export function acknowledge(t: Transcript, id: string): Transcript {
  const m = t.byId[id];
  if (!m?.unsent) return t;
  const { unsent: _done, ...rest } = m;
  return upsert(t, rest);
}

/**
 * The conversation ends with a typed message the server never acknowledged (the link dropped
 * right after it was sent): a resumed session should answer it.
 */
export function needsAnswer(t: Transcript): boolean {
  for (let i = t.order.length - 1; i >= 0; i--) {
    const m = t.byId[t.order[i]!]!;
    if (m.role !== 'notice') return m.role === 'user' && !!m.unsent;
  }
  return false;
}

/** Appends a notice (e.g. "connection dropped") that is not part of the model's conversation. */
export function addNotice(t: Transcript, id: string, text: string, now: number, note?: Note): Transcript {
  return upsert(t, { id, role: 'notice', text, final: true, at: now, ...(note ? { note } : {}) });
}

/** A tool call the model made, shown at once as a pending row. Idempotent per id. */
export function addToolCall(t: Transcript, id: string, tool: ToolRecord, summary: string, now: number): Transcript {
  return t.byId[id] ? t : upsert(t, { id, role: 'tool', text: summary, final: false, at: now, tool });
}

/** The call finished: its summary replaces the pending text, and its output is kept for replay. */
export function settleToolCall(t: Transcript, id: string, summary: string, output: string): Transcript {
  const m = t.byId[id];
  return m?.tool ? upsert(t, { ...m, text: summary, final: true, tool: { ...m.tool, output } }) : t;
}
