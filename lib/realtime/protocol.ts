/**
 * OpenAI Realtime (GA) wire protocol: the client events Hark sends, and a tolerant parser for
 * the server events it receives. Types come from the `openai` package (type-only imports, so
 * nothing of the SDK is bundled). Beta event names are accepted and mapped to their GA names.
 */
import type {
  RealtimeClientEvent,
  RealtimeServerEvent,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import type { ClientSecretCreateParams } from 'openai/resources/realtime/client-secrets';
import type { TurnMode } from '../settings';
import { DEFAULT_TRANSCRIPTION_MODEL } from '../models';
import type { ToolDefinition } from '../tools/contract';

export type { RealtimeClientEvent, RealtimeServerEvent, RealtimeSessionCreateRequest };

/** User-chosen options that shape a session. */
export interface SessionOptions {
  model: string;
  voice: string;
  instructions: string;
  /** BCP-47 language hint for input transcription; empty = let the model detect it. */
  transcriptionLanguage?: string;
  /** Default `server_vad`; `manual` is push-to-talk (`turn_detection: null`). */
  turnDetection?: TurnMode;
  /** Input transcription model (Azure: deployment); null = none; absent = the default model. */
  transcriptionModel?: string | null;
  /** GA `audio.output.speed` (0.25–1.5); absent = the server's default (1). */
  speed?: number;
  /** Function tools the model may call (lib/tools/contract.ts); none or empty = no tools declared. */
  tools?: ToolDefinition[];
  /** GA `audio.input.noise_reduction`; null = off (sent as null); absent = left out (the server's default, off). */
  noiseReduction?: 'near_field' | 'far_field' | null;
  /** Quiet mode: replies in text only (`output_modalities: ['text']`); the microphone still works. */
  textOnly?: boolean;
}

type AudioInput = NonNullable<NonNullable<RealtimeSessionCreateRequest['audio']>['input']>;
/**
 * "Off" for noise reduction. The API reference and the wire (protocol doc §3.1: `null` = off, the
 * default seen in `session.created`) use `null`; the SDK's type leaves null out, hence the cast.
 */
const NOISE_REDUCTION_OFF = null as unknown as AudioInput['noise_reduction'];

type TurnDetection = NonNullable<NonNullable<NonNullable<RealtimeSessionCreateRequest['audio']>['input']>['turn_detection']>;

/** The `turn_detection` object for a turn mode (protocol doc §3.1); null = push-to-talk. */
export function turnDetectionFor(mode: TurnMode = 'server_vad'): TurnDetection | null {
  if (mode === 'manual') return null;
  if (mode === 'semantic_vad') return { type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true };
  return {
    type: 'server_vad',
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 500,
    create_response: true,
    interrupt_response: true,
  };
}

export const TRANSCRIPTION_MODEL = DEFAULT_TRANSCRIPTION_MODEL;
/** Lifetime of a minted client secret. Short: it only has to outlive one SDP exchange. */
export const EPHEMERAL_KEY_SECONDS = 120;

/** The GA session object Hark asks for (used both when minting and in `session.update`). */
export function buildSession(o: SessionOptions): RealtimeSessionCreateRequest {
  const transcriptionModel = o.transcriptionModel === undefined ? TRANSCRIPTION_MODEL : o.transcriptionModel;
  return {
    type: 'realtime',
    model: o.model,
    instructions: o.instructions,
    // One or the other, never both (the API refuses ['audio', 'text']); audio carries its transcript.
    output_modalities: o.textOnly ? ['text'] : ['audio'],
    audio: {
      input: {
        ...(o.noiseReduction !== undefined ? { noise_reduction: o.noiseReduction ? { type: o.noiseReduction } : NOISE_REDUCTION_OFF } : {}),
        // Off = the field left out entirely: the session then transcribes nothing (GA default).
        ...(transcriptionModel
          ? { transcription: { model: transcriptionModel, ...(o.transcriptionLanguage ? { language: o.transcriptionLanguage } : {}) } }
          : {}),
        turn_detection: turnDetectionFor(o.turnDetection),
      },
      output: { voice: o.voice, ...(o.speed !== undefined ? { speed: o.speed } : {}) },
    },
    // Only when there are tools: a session without them stays exactly what it was.
    ...(o.tools?.length ? { tools: o.tools.map(({ type, name, description, parameters }) => ({ type, name, description, parameters })), tool_choice: 'auto' as const } : {}),
  };
}

/** Body of `POST /v1/realtime/client_secrets`. */
/**
 * Without `tools`: a team's token server allows only the session fields its policy names (tools
 * are refused there), and the tools reach the session anyway in the `session.update` sent as soon
 * as the data channel opens (lib/voice/link.ts), on every path.
 */
export function buildClientSecretRequest(o: SessionOptions): ClientSecretCreateParams {
  return {
    expires_after: { anchor: 'created_at', seconds: EPHEMERAL_KEY_SECONDS },
    session: buildSession({ ...o, tools: [] }),
  };
}

/** `session.update` may not carry `model` changes mid-session; send only what can change. */
export function sessionUpdate(session: Partial<RealtimeSessionCreateRequest>): RealtimeClientEvent {
  const { model: _model, ...rest } = session;
  return { type: 'session.update', session: { ...rest, type: 'realtime' } };
}

/** `id`: a client-chosen item id (≤ 32 chars), so the server's echo lands on the message already shown. */
export function userTextMessage(text: string, id?: string): RealtimeClientEvent {
  return {
    type: 'conversation.item.create',
    item: { ...(id ? { id } : {}), type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  };
}

/** A fresh client-side item id in the shape the server accepts (≤ 32 characters). */
export const clientItemId = (): string => `item_hark_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;

export const responseCreate = (): RealtimeClientEvent => ({ type: 'response.create' });
/** The parameters a `response.create` may carry (GA `response`), e.g. one reply's own instructions. */
export type ResponseParams = NonNullable<Extract<RealtimeClientEvent, { type: 'response.create' }>['response']>;
export const responseCancel = (): RealtimeClientEvent => ({ type: 'response.cancel' });
export const outputAudioBufferClear = (): RealtimeClientEvent => ({ type: 'output_audio_buffer.clear' });
export const inputAudioBufferClear = (): RealtimeClientEvent => ({ type: 'input_audio_buffer.clear' });
export const inputAudioBufferCommit = (): RealtimeClientEvent => ({ type: 'input_audio_buffer.commit' });
/** Switches turn detection mid-session; only this field changes. */
export const turnDetectionUpdate = (mode: TurnMode): RealtimeClientEvent =>
  sessionUpdate({ type: 'realtime', audio: { input: { turn_detection: turnDetectionFor(mode) } } });

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

export type ParseResult =
  | { ok: true; event: RealtimeServerEvent }
  | { ok: false; reason: string };

/** Server frames larger than this are refused unparsed (a hostile or broken server). */
export const MAX_EVENT_CHARS = 1_000_000;

/**
 * Parses one data-channel frame. Never throws: malformed input comes back as `{ok:false}` so
 * the caller can log it and carry on. Unknown event types pass through untouched.
 */
export function parseServerEvent(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'frame is not text' };
  if (raw.length > MAX_EVENT_CHARS) return { ok: false, reason: `frame too large (${raw.length} chars)` };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') {
    return { ok: false, reason: 'event has no type' };
  }
  const event = data as { type: string };
  const ga = BETA_NAMES[event.type];
  const named = (ga ? { ...event, type: ga } : event) as Record<string, unknown> & { type: string };
  const wrong = checkShape(named);
  if (wrong) return { ok: false, reason: `malformed ${named.type.slice(0, 80)}: ${wrong}` };
  if (DELTA_EVENTS.has(named.type) && named.delta == null) named.delta = '';
  return { ok: true, event: named as unknown as RealtimeServerEvent };
}

/**
 * The fields Hark reads from each server event it handles, and the shape they must have. An event
 * whose fields are of the wrong type (a broken or hostile server) is refused as a whole, so no
 * handler ever sees, say, an `item` that is null or a `delta` that is an object.
 */
type Shape = 'string' | 'string?' | 'object' | 'object?' | 'array?';
const ITEM_TEXT: Record<string, Shape> = { item_id: 'string', response_id: 'string?', delta: 'string?' };
const SHAPES: Record<string, Record<string, Shape>> = {
  'input_audio_buffer.speech_started': { item_id: 'string?' },
  'input_audio_buffer.speech_stopped': { item_id: 'string?' },
  'conversation.item.added': { item: 'object', previous_item_id: 'string?' },
  'conversation.item.done': { item: 'object', previous_item_id: 'string?' },
  'conversation.item.input_audio_transcription.delta': { item_id: 'string', delta: 'string?' },
  'conversation.item.input_audio_transcription.completed': { item_id: 'string', transcript: 'string' },
  'conversation.item.input_audio_transcription.failed': { item_id: 'string' },
  'response.output_audio_transcript.delta': ITEM_TEXT,
  'response.output_text.delta': ITEM_TEXT,
  'response.output_audio_transcript.done': { item_id: 'string', response_id: 'string?', transcript: 'string?' },
  'response.output_text.done': { item_id: 'string', response_id: 'string?', text: 'string?' },
  'response.created': { response: 'object' },
  'response.done': { response: 'object' },
  'output_audio_buffer.started': { response_id: 'string?' },
  'output_audio_buffer.stopped': { response_id: 'string?' },
  'output_audio_buffer.cleared': { response_id: 'string?' },
  'session.created': { session: 'object' },
  'session.updated': { session: 'object' },
  error: { error: 'object' },
  // Tool calls (lib/voice/tool-calls.ts): the finished call, by either of the two events that carry it.
  'response.output_item.done': { item: 'object', response_id: 'string?' },
  'response.function_call_arguments.done': { call_id: 'string', arguments: 'string', name: 'string?', item_id: 'string?' },
};
const DELTA_EVENTS = new Set(['response.output_audio_transcript.delta', 'response.output_text.delta']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fits(v: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'string':
      return typeof v === 'string';
    case 'string?':
      return v == null || typeof v === 'string';
    case 'object':
      return isObject(v);
    case 'object?':
      return v == null || isObject(v);
    case 'array?':
      return v == null || Array.isArray(v);
  }
}

/**
 * Ids become keys of plain objects (the transcript's `byId`); one that names a property every
 * object has ("__proto__", "constructor", "toString") would alias it. Real ids never do.
 */
const badId = (v: unknown) => typeof v === 'string' && v in Object.prototype;

/** What is wrong with the event's shape, or null. */
function checkShape(e: Record<string, unknown> & { type: string }): string | null {
  const shape = Object.hasOwn(SHAPES, e.type) ? SHAPES[e.type] : undefined;
  if (!shape) return null;
  for (const [key, want] of Object.entries(shape) as [string, Shape][]) {
    if (!fits(e[key], want)) return `'${key}' is not ${want.replace('?', '')}`;
  }
  for (const key of ['item_id', 'previous_item_id', 'response_id']) if (badId(e[key])) return `bad '${key}'`;
  if (isObject(e.item)) {
    const item = e.item;
    if (!fits(item.id, 'string?') || badId(item.id)) return "bad 'item.id'";
    if (!fits(item.content, 'array?')) return "'item.content' is not an array";
    for (const c of (item.content as unknown[] | undefined) ?? []) {
      if (!isObject(c) || !fits(c.text, 'string?') || !fits(c.transcript, 'string?')) return "bad 'item.content' part";
    }
  }
  if (isObject(e.response)) {
    const r = e.response;
    if (!fits(r.id, 'string?') || badId(r.id) || !fits(r.status, 'string?') || !fits(r.output, 'array?')) return "bad 'response'";
    for (const o of (r.output as unknown[] | undefined) ?? []) if (!isObject(o) || !fits(o.id, 'string?') || badId(o.id)) return "bad 'response.output'";
  }
  if (isObject(e.error) && (!fits(e.error.message, 'string?') || !fits(e.error.code, 'string?'))) return "bad 'error'";
  return null;
}
