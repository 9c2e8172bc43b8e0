/**
 * The server events Hark handles, as one table of per-event field validators (lib/realtime/
 * shape.ts). The parser checks every frame against it, and `ServerEvent`, the closed union every
 * handler switches on, is inferred from the same table: a field Hark reads is a field the parser
 * checked. Events not in the table arrive as `unknown`, frames that fail as `malformed`; parsing
 * never throws.
 */
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { bag, id, list, loose, mismatch, obj, opt, orEmpty, str, type Shape, type ShapeOf } from './shape';

/** A conversation item as Hark reads it: a message's text parts, or a function call. */
const ITEM = obj({
  id: opt(id),
  type: loose,
  role: loose,
  content: opt(list(obj({ type: loose, text: opt(str), transcript: opt(str) }))),
  call_id: loose,
  name: loose,
  arguments: loose,
});
const RESPONSE = obj({ id: opt(id), status: opt(str), output: opt(list(obj({ id: opt(id) }))), usage: loose, status_details: loose });
const ERROR = obj({ message: opt(str), code: opt(str), type: loose, event_id: loose });
const BY_ITEM = { item_id: opt(id) };
const BY_RESPONSE = { response_id: opt(id) };
/** Beta servers omit `delta` on empty chunks: it becomes ''. */
const TEXT_DELTA = { item_id: id, response_id: opt(id), delta: orEmpty };

/**
 * Event type → the fields Hark reads and the shape they must have. An event whose fields do not
 * fit (a broken or hostile server) is refused as a whole, so no handler ever sees, say, an
 * `item` that is null or a `delta` that is an object. Names are the API's (checked against the
 * `openai` package's union).
 */
export const SERVER_EVENTS = {
  'session.created': { session: bag },
  'session.updated': { session: bag },
  error: { error: ERROR },
  'input_audio_buffer.speech_started': BY_ITEM,
  'input_audio_buffer.speech_stopped': BY_ITEM,
  'input_audio_buffer.committed': BY_ITEM,
  'conversation.item.added': { item: ITEM, previous_item_id: opt(id) },
  'conversation.item.done': { item: ITEM, previous_item_id: opt(id) },
  'conversation.item.input_audio_transcription.delta': { item_id: id, delta: opt(str) },
  'conversation.item.input_audio_transcription.completed': { item_id: id, transcript: str, usage: loose },
  'conversation.item.input_audio_transcription.failed': { item_id: id, error: loose },
  'response.created': { response: RESPONSE },
  'response.done': { response: RESPONSE },
  'response.output_audio_transcript.delta': TEXT_DELTA,
  'response.output_text.delta': TEXT_DELTA,
  'response.output_audio_transcript.done': { item_id: id, response_id: opt(id), transcript: opt(str) },
  'response.output_text.done': { item_id: id, response_id: opt(id), text: opt(str) },
  'output_audio_buffer.started': BY_RESPONSE,
  'output_audio_buffer.stopped': BY_RESPONSE,
  'output_audio_buffer.cleared': BY_RESPONSE,
  // Tool calls (lib/voice/tool-calls.ts): the finished call, by either of the two events that carry it.
  'response.output_item.done': { item: ITEM, response_id: opt(id) },
  'response.function_call_arguments.done': { call_id: str, arguments: str, name: opt(str), item_id: opt(id), response_id: opt(id) },
  'rate_limits.updated': { rate_limits: loose },
} as const satisfies { [K in RealtimeServerEvent['type']]?: Shape };

type Table = typeof SERVER_EVENTS;
export type KnownEventType = keyof Table;

/** One handled event: its type and the checked fields (other fields stay on the object, untyped). */
export type KnownEvent = { [K in KnownEventType]: ShapeOf<Table[K]> & { type: K } }[KnownEventType];
/** A well-formed event Hark does not handle (`name`: its type, beta names mapped to GA). */
export type UnknownEvent = { type: 'unknown'; name: string };
/** A frame that is not an event, or a handled event whose fields do not fit. */
export type MalformedEvent = { type: 'malformed'; reason: string };

export type ServerEvent = KnownEvent | UnknownEvent | MalformedEvent;
/** The event of one type, e.g. `EventOf<'response.done'>`. */
export type EventOf<K extends ServerEvent['type']> = Extract<ServerEvent, { type: K }>;

/** Beta → GA event names (protocol doc §4.3). */
const BETA_NAMES: Record<string, string> = {
  'response.text.delta': 'response.output_text.delta',
  'response.text.done': 'response.output_text.done',
  'response.audio.delta': 'response.output_audio.delta',
  'response.audio.done': 'response.output_audio.done',
  'response.audio_transcript.delta': 'response.output_audio_transcript.delta',
  'response.audio_transcript.done': 'response.output_audio_transcript.done',
  'conversation.item.created': 'conversation.item.added',
};

/** Server frames larger than this are refused unparsed (a hostile or broken server). */
export const MAX_EVENT_CHARS = 1_000_000;

const malformed = (reason: string): MalformedEvent => ({ type: 'malformed', reason });

const isKnown = (type: string): type is KnownEventType => Object.hasOwn(SERVER_EVENTS, type);

/**
 * Parses one data-channel frame into the event Hark handles, `unknown` or `malformed`. Never
 * throws. A handled event is the parsed object itself (extra fields kept), named by its GA type.
 */
export function parseServerEvent(raw: unknown): ServerEvent {
  if (typeof raw !== 'string') return malformed('frame is not text');
  if (raw.length > MAX_EVENT_CHARS) return malformed(`frame too large (${raw.length} chars)`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return malformed('frame is not JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('type' in data) || typeof data.type !== 'string') {
    return malformed('event has no type');
  }
  // Own keys only: a type named "constructor" or "__proto__" must not find Object.prototype's.
  const type = Object.hasOwn(BETA_NAMES, data.type) ? BETA_NAMES[data.type]! : data.type;
  if (!isKnown(type)) return { type: 'unknown', name: type };
  const event: Record<string, unknown> & { type: KnownEventType } = { ...data, type };
  const shape: Shape = SERVER_EVENTS[type];
  const wrong = mismatch(event, shape);
  if (wrong) return malformed(`malformed ${type.slice(0, 80)}: '${wrong.path.slice(1)}' is not ${wrong.want}`);
  for (const [key, f] of Object.entries(shape)) if (f.fill !== undefined && event[key] == null) event[key] = f.fill;
  return checked(event);
}

/** The event, once `mismatch` found every field of its type's shape in place. */
function checked(e: Record<string, unknown> & { type: KnownEventType }): KnownEvent {
  // The one unchecked step: TypeScript cannot follow a runtime check over a table into a type.
  return e as unknown as KnownEvent;
}
