// @ts-check
/**
 * Client events arriving on the data channel: parse, validate, dispatch. Every failure is an
 * `error` event whose `error.event_id` is the client's `event_id` (protocol doc §5.7); the
 * session always stays open. Validation is strict on purpose, like the real API's.
 */
import { typedText } from './conversation.mjs';
import { itemId } from './ids.mjs';
import { firstUnknownKey, invalidType, isObject, missingParameter } from './api-errors.mjs';
import { CLIENT_EVENTS, keysOf } from './client-schema.mjs';
import { checkItem, checkResponseParams } from './schema-checks.mjs';
import { VOICES, mergeSession, validateFormat, validateSession } from './session-config.mjs';

/** @typedef {import('./realtime-call.mjs').RealtimeCall} RealtimeCall */
/** @typedef {Record<string, any>} Json */
/** @typedef {{ code: string, message: string, param?: string | null }} EventError */

/** Larger client events are refused (with an error event) instead of being parsed. */
export const MAX_CLIENT_EVENT_BYTES = 1024 * 1024;

/**
 * What each client event does; its allowed keys come from CLIENT_EVENTS (client-schema.mjs), so
 * this table and the `openai` types cannot disagree about which events exist.
 * @type {{ [K in keyof typeof CLIENT_EVENTS]: (call: RealtimeCall, event: Json) => EventError | null }}
 */
const HANDLERS = {
  'session.update': sessionUpdate,
  'input_audio_buffer.append': (_call, e) => {
    if (e.audio === undefined) return missingParameter('audio');
    if (typeof e.audio !== 'string') return invalidType('audio', 'a string', e.audio);
    return {
      code: 'invalid_value',
      param: 'type',
      message: 'input_audio_buffer.append is not supported on WebRTC connections by this server: send audio as the RTP track.',
    };
  },
  'input_audio_buffer.commit': (call, e) => (call.commitInput(e.event_id ?? null), null),
  'input_audio_buffer.clear': (call) => (call.clearInput(), null),
  'conversation.item.create': itemCreate,
  'conversation.item.retrieve': itemRetrieve,
  'conversation.item.delete': itemDelete,
  'conversation.item.truncate': itemTruncate,
  'response.create': responseCreate,
  'response.cancel': responseCancel,
  'output_audio_buffer.clear': (call) => (call.clearAudio(), null),
};

/**
 * Entry point for every data-channel message.
 * @param {RealtimeCall} call @param {string | Buffer} raw
 */
export function handleClientMessage(call, raw) {
  if (call.closed) return;
  if (typeof raw !== 'string') {
    call.recordClientEvent({ _binary: true, bytes: raw.length }, 0);
    return call.emitErrorEvent({ code: 'invalid_event', message: 'Binary messages are not supported; send events as JSON text.' }, null);
  }
  const bytes = Buffer.byteLength(raw);
  if (bytes > MAX_CLIENT_EVENT_BYTES) {
    call.recordClientEvent({ _oversized: true, bytes }, 0);
    return call.emitErrorEvent(
      { code: 'invalid_event', message: `The event is too large: ${bytes} bytes; the maximum is ${MAX_CLIENT_EVENT_BYTES} bytes.` },
      null,
    );
  }
  /** @type {unknown} */
  let event;
  try {
    event = JSON.parse(raw);
  } catch (err) {
    call.recordClientEvent({ _unparseable: true, bytes, preview: raw.slice(0, 200) }, 0);
    const detail = err instanceof Error ? err.message : String(err);
    return call.emitErrorEvent({ code: 'invalid_event', message: `The event is not valid JSON: ${detail}` }, null);
  }
  if (!isObject(event)) {
    call.recordClientEvent({ _notAnObject: true, value: bytes > 200 ? '(large)' : event }, 0);
    return call.emitErrorEvent({ code: 'invalid_event', message: 'The event must be a JSON object.' }, null);
  }
  call.recordClientEvent(event, bytes);
  const clientEventId = typeof event.event_id === 'string' ? event.event_id : null;
  if (event.type === undefined) {
    return call.emitErrorEvent({ code: 'invalid_event', message: "The 'type' field is missing." }, clientEventId);
  }
  const type = /** @type {keyof typeof HANDLERS} */ (event.type);
  const handler = typeof event.type === 'string' && Object.hasOwn(HANDLERS, event.type) ? HANDLERS[type] : undefined;
  if (!handler) {
    const supported = Object.keys(HANDLERS).map((t) => `'${t}'`).join(', ');
    return call.emitErrorEvent(
      { code: 'invalid_value', param: 'type', message: `Invalid value: '${String(event.type)}'. Supported values are: ${supported}.` },
      clientEventId,
    );
  }
  const error =
    firstUnknownKey(event, '', keysOf(CLIENT_EVENTS[type])) ??
    (event.event_id !== undefined && typeof event.event_id !== 'string' ? invalidType('event_id', 'a string', event.event_id) : null) ??
    handler(call, event);
  if (error) call.emitErrorEvent(error, clientEventId);
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function sessionUpdate(call, e) {
  const update = e.session;
  if (update === undefined) return missingParameter('session');
  const invalid = validateSession(update, 'session');
  if (invalid) return invalid;
  if (update.model !== undefined && update.model !== call.session.model) {
    return {
      code: 'invalid_value',
      param: 'session.model',
      message: `The model of a session cannot be changed once it has started (it is '${call.session.model}').`,
    };
  }
  const voice = update.audio?.output?.voice;
  if (
    voice !== undefined &&
    JSON.stringify(voice) !== JSON.stringify(call.session.audio.output.voice) &&
    call.conversation.hasAssistantAudio()
  ) {
    return { code: 'cannot_update_voice', param: null, message: "Cannot update a conversation's voice if assistant audio is present." };
  }
  const session = call.applySession(mergeSession(call.session, update));
  call.emit({ type: 'session.updated', session });
  return null;
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function itemCreate(call, e) {
  const { item } = e;
  const invalid = checkItem(item, 'item');
  if (invalid) return invalid;
  const prev = e.previous_item_id;
  if (prev !== undefined && typeof prev !== 'string') return invalidType('previous_item_id', 'a string', prev);
  if (prev !== undefined && prev !== 'root' && !call.conversation.get(prev)) {
    return { code: 'item_not_found', param: 'previous_item_id', message: `Previous item with id '${String(prev)}' does not exist.` };
  }
  if (item.id !== undefined && call.conversation.get(item.id)) {
    return { code: 'invalid_value', param: 'item.id', message: `Item with id '${String(item.id)}' already exists.` };
  }
  const { object: _object, status: _status, ...rest } = item;
  const wire = { id: item.id ?? itemId(), ...structuredClone(rest), status: 'completed' };
  const previous = call.conversation.add(wire, prev === undefined ? undefined : prev === 'root' ? null : prev);
  call.conversation.text.set(wire.id, typedText(wire));
  if (wire.type === 'function_call_output') call.recordFunctionOutput(wire);
  call.emit({ type: 'conversation.item.added', previous_item_id: previous, item: structuredClone(wire) });
  call.emit({ type: 'conversation.item.done', previous_item_id: previous, item: structuredClone(wire) });
  return null;
}

/** @param {RealtimeCall} call @param {unknown} id @returns {EventError | Json} */
function findItem(call, id) {
  if (id === undefined) return missingParameter('item_id');
  const item = typeof id === 'string' ? call.conversation.get(id) : undefined;
  return item ?? { code: 'item_not_found', param: 'item_id', message: `Item with item_id '${String(id)}' not found.` };
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function itemRetrieve(call, e) {
  const found = findItem(call, e.item_id);
  if ('code' in found) return /** @type {EventError} */ (found);
  call.emit({ type: 'conversation.item.retrieved', item: structuredClone(found) });
  return null;
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function itemDelete(call, e) {
  const found = findItem(call, e.item_id);
  if ('code' in found) return /** @type {EventError} */ (found);
  call.conversation.delete(found.id);
  call.emit({ type: 'conversation.item.deleted', item_id: found.id });
  return null;
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function itemTruncate(call, e) {
  const found = findItem(call, e.item_id);
  if ('code' in found) return /** @type {EventError} */ (found);
  const part = found.role === 'assistant' ? found.content?.[e.content_index ?? 0] : undefined;
  if (part?.type !== 'output_audio') {
    return { code: 'unsupported_content_type', param: 'item_id', message: 'Only model output audio messages can be truncated' };
  }
  const total = call.conversation.audioMs.get(found.id) ?? 0;
  const end = e.audio_end_ms;
  if (!Number.isInteger(end) || end < 0 || end > total) {
    return { code: 'invalid_value', param: 'audio_end_ms', message: `audio_end_ms must be an integer between 0 and the audio length (${total} ms).` };
  }
  // The server forgets the unheard part of the transcript (roughly, by the share of audio heard).
  const words = String(part.transcript ?? '').match(/\s*\S+/g) ?? [];
  part.transcript = words.slice(0, Math.floor((words.length * end) / Math.max(1, total))).join('');
  call.emit({ type: 'conversation.item.truncated', item_id: found.id, content_index: e.content_index ?? 0, audio_end_ms: end });
  return null;
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function responseCreate(call, e) {
  if (call.run?.active) {
    return {
      code: 'conversation_already_has_active_response',
      param: null,
      message: `Conversation already has an active response in progress: ${call.run.id}. Wait until the response is finished before creating a new one.`,
    };
  }
  const invalid = checkResponseParams(e.response, { voices: VOICES, checkFormat: validateFormat });
  if (invalid) return invalid;
  const params = e.response ?? {};
  call.startResponse({ reason: 'client', params });
  return null;
}

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function responseCancel(call, e) {
  const run = call.run;
  if (!run?.active || (e.response_id !== undefined && e.response_id !== run.id)) {
    return { code: 'response_cancel_not_active', param: null, message: 'Cancellation failed: no active response found' };
  }
  run.cancel('client_cancelled');
  // A cancelled response's audio stops too; the client learns it from output_audio_buffer.cleared.
  if (call.player.playing && call.player.responseId === run.id) call.clearAudio();
  return null;
}
