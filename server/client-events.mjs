// @ts-check
/**
 * Client events arriving on the data channel: parse, validate, dispatch. Every failure is an
 * `error` event whose `error.event_id` is the client's `event_id` (protocol doc §5.7); the
 * session always stays open. Validation is strict on purpose, like the real API's.
 */
import { typedText } from './conversation.mjs';
import { itemId } from './ids.mjs';
import { firstUnknownKey, isObject, mergeSession, missingParameter, validateSession } from './session-config.mjs';

/** @typedef {import('./realtime-call.mjs').RealtimeCall} RealtimeCall */
/** @typedef {Record<string, any>} Json */
/** @typedef {{ code: string, message: string, param?: string | null }} EventError */

/** Larger client events are refused (with an error event) instead of being parsed. */
export const MAX_CLIENT_EVENT_BYTES = 1024 * 1024;

/** @type {Record<string, { keys: string[], handle: (call: RealtimeCall, event: Json) => EventError | null }>} */
const HANDLERS = {
  'session.update': { keys: ['session'], handle: sessionUpdate },
  'input_audio_buffer.append': {
    keys: ['audio'],
    handle: () => ({
      code: 'invalid_value',
      param: 'type',
      message: 'input_audio_buffer.append is not supported on WebRTC connections by this server: send audio as the RTP track.',
    }),
  },
  'input_audio_buffer.commit': { keys: [], handle: (call, e) => (call.commitInput(e.event_id ?? null), null) },
  'input_audio_buffer.clear': { keys: [], handle: (call) => (call.clearInput(), null) },
  'conversation.item.create': { keys: ['previous_item_id', 'item'], handle: itemCreate },
  'conversation.item.retrieve': { keys: ['item_id'], handle: itemRetrieve },
  'conversation.item.delete': { keys: ['item_id'], handle: itemDelete },
  'conversation.item.truncate': { keys: ['item_id', 'content_index', 'audio_end_ms'], handle: itemTruncate },
  'response.create': { keys: ['response'], handle: responseCreate },
  'response.cancel': { keys: ['response_id'], handle: responseCancel },
  'output_audio_buffer.clear': { keys: ['response_id'], handle: (call) => (call.clearAudio(), null) },
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
  const handler = typeof event.type === 'string' ? HANDLERS[event.type] : undefined;
  if (!handler) {
    const supported = Object.keys(HANDLERS).map((t) => `'${t}'`).join(', ');
    return call.emitErrorEvent(
      { code: 'invalid_value', param: 'type', message: `Invalid value: '${String(event.type)}'. Supported values are: ${supported}.` },
      clientEventId,
    );
  }
  const error = firstUnknownKey(event, '', ['type', 'event_id', ...handler.keys]) ?? handler.handle(call, event);
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

const CONTENT_TYPES = {
  user: ['input_text', 'input_audio', 'input_image'],
  system: ['input_text'],
  assistant: ['output_text', 'output_audio'],
};

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function itemCreate(call, e) {
  const { item } = e;
  if (item === undefined) return missingParameter('item');
  if (!isObject(item)) return { code: 'invalid_type', param: 'item', message: "Invalid type for 'item': expected an object." };
  const types = ['message', 'function_call', 'function_call_output'];
  if (item.type === undefined) return missingParameter('item.type');
  if (!types.includes(item.type)) {
    return { code: 'invalid_value', param: 'item.type', message: `Invalid value: '${String(item.type)}'. Supported values are: ${types.map((t) => `'${t}'`).join(', ')}.` };
  }
  const prev = e.previous_item_id;
  if (prev !== undefined && prev !== null && prev !== 'root' && !call.conversation.get(prev)) {
    return { code: 'item_not_found', param: 'previous_item_id', message: `Previous item with id '${String(prev)}' does not exist.` };
  }
  if (item.id !== undefined && (typeof item.id !== 'string' || call.conversation.get(item.id))) {
    return { code: 'invalid_value', param: 'item.id', message: `Item with id '${String(item.id)}' already exists or is not a string.` };
  }
  const error = item.type === 'message' ? checkMessage(item) : checkFunctionItem(item);
  if (error) return error;

  const { object: _object, status: _status, ...rest } = item;
  const wire = { id: item.id ?? itemId(), ...structuredClone(rest), status: 'completed' };
  const previous = call.conversation.add(wire, prev === undefined ? undefined : prev === 'root' ? null : prev);
  call.conversation.text.set(wire.id, typedText(wire));
  call.emit({ type: 'conversation.item.added', previous_item_id: previous, item: structuredClone(wire) });
  call.emit({ type: 'conversation.item.done', previous_item_id: previous, item: structuredClone(wire) });
  return null;
}

/** @param {Json} item @returns {EventError | null} */
function checkMessage(item) {
  const allowed = CONTENT_TYPES[/** @type {keyof CONTENT_TYPES} */ (item.role)];
  if (item.role === undefined) return missingParameter('item.role');
  if (!allowed) return { code: 'invalid_value', param: 'item.role', message: `Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system'.` };
  if (item.content === undefined) return missingParameter('item.content');
  if (!Array.isArray(item.content)) return { code: 'invalid_type', param: 'item.content', message: "Invalid type for 'item.content': expected an array." };
  for (const [i, part] of item.content.entries()) {
    const param = `item.content[${i}]`;
    if (!isObject(part)) return { code: 'invalid_type', param, message: `Invalid type for '${param}': expected an object.` };
    if (!allowed.includes(part.type)) {
      return { code: 'invalid_value', param: `${param}.type`, message: `Invalid value: '${String(part.type)}'. Supported values are: ${allowed.map((t) => `'${t}'`).join(', ')}.` };
    }
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text !== 'string') {
      return { code: 'invalid_type', param: `${param}.text`, message: `Invalid type for '${param}.text': expected a string.` };
    }
  }
  return firstUnknownKey(item, 'item', ['id', 'type', 'object', 'status', 'role', 'content']);
}

/** @param {Json} item @returns {EventError | null} */
function checkFunctionItem(item) {
  const required = item.type === 'function_call' ? ['call_id', 'name', 'arguments'] : ['call_id', 'output'];
  for (const key of required) {
    if (item[key] === undefined) return missingParameter(`item.${key}`);
    if (typeof item[key] !== 'string') return { code: 'invalid_type', param: `item.${key}`, message: `Invalid type for 'item.${key}': expected a string.` };
  }
  return firstUnknownKey(item, 'item', ['id', 'type', 'object', 'status', ...required]);
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

const RESPONSE_KEYS = [
  'conversation', 'input', 'instructions', 'max_output_tokens', 'metadata', 'output_modalities', 'prompt', 'tool_choice', 'tools', 'audio',
];

/** @param {RealtimeCall} call @param {Json} e @returns {EventError | null} */
function responseCreate(call, e) {
  if (call.run?.active) {
    return {
      code: 'conversation_already_has_active_response',
      param: null,
      message: `Conversation already has an active response in progress: ${call.run.id}. Wait until the response is finished before creating a new one.`,
    };
  }
  const params = e.response ?? {};
  if (!isObject(params)) return { code: 'invalid_type', param: 'response', message: "Invalid type for 'response': expected an object." };
  const unknown = firstUnknownKey(params, 'response', RESPONSE_KEYS);
  if (unknown) return unknown;
  const mods = params.output_modalities;
  if (mods !== undefined && !(Array.isArray(mods) && mods.length === 1 && (mods[0] === 'audio' || mods[0] === 'text'))) {
    return { code: 'invalid_value', param: 'response.output_modalities', message: "Invalid 'response.output_modalities': expected exactly one of 'audio' or 'text'." };
  }
  if (params.conversation !== undefined && params.conversation !== 'auto' && params.conversation !== 'none') {
    return { code: 'invalid_value', param: 'response.conversation', message: `Invalid value: '${String(params.conversation)}'. Supported values are: 'auto', 'none'.` };
  }
  const mot = params.max_output_tokens;
  if (mot !== undefined && mot !== 'inf' && !(Number.isInteger(mot) && mot >= 1 && mot <= 4096)) {
    return { code: 'invalid_value', param: 'response.max_output_tokens', message: "Invalid 'response.max_output_tokens': expected an integer between 1 and 4096, or 'inf'." };
  }
  if (params.instructions !== undefined && typeof params.instructions !== 'string') {
    return { code: 'invalid_type', param: 'response.instructions', message: "Invalid type for 'response.instructions': expected a string." };
  }
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
