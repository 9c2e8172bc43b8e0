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

export type { RealtimeClientEvent, RealtimeServerEvent, RealtimeSessionCreateRequest };

/** User-chosen options that shape a session. */
export interface SessionOptions {
  model: string;
  voice: string;
  instructions: string;
  /** BCP-47 language hint for input transcription; empty = let the model detect it. */
  transcriptionLanguage?: string;
}

export const TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';
/** Lifetime of a minted client secret. Short: it only has to outlive one SDP exchange. */
export const EPHEMERAL_KEY_SECONDS = 120;

/** The GA session object Hark asks for (used both when minting and in `session.update`). */
export function buildSession(o: SessionOptions): RealtimeSessionCreateRequest {
  return {
    type: 'realtime',
    model: o.model,
    instructions: o.instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        transcription: {
          model: TRANSCRIPTION_MODEL,
          ...(o.transcriptionLanguage ? { language: o.transcriptionLanguage } : {}),
        },
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          create_response: true,
          interrupt_response: true,
        },
      },
      output: { voice: o.voice },
    },
  };
}

/** Body of `POST /v1/realtime/client_secrets`. */
export function buildClientSecretRequest(o: SessionOptions): ClientSecretCreateParams {
  return {
    expires_after: { anchor: 'created_at', seconds: EPHEMERAL_KEY_SECONDS },
    session: buildSession(o),
  };
}

/** `session.update` may not carry `model` changes mid-session; send only what can change. */
export function sessionUpdate(session: Partial<RealtimeSessionCreateRequest>): RealtimeClientEvent {
  const { model: _model, ...rest } = session;
  return { type: 'session.update', session: { ...rest, type: 'realtime' } };
}

export function userTextMessage(text: string): RealtimeClientEvent {
  return {
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  };
}

export const responseCreate = (): RealtimeClientEvent => ({ type: 'response.create' });
export const responseCancel = (): RealtimeClientEvent => ({ type: 'response.cancel' });
export const outputAudioBufferClear = (): RealtimeClientEvent => ({ type: 'output_audio_buffer.clear' });

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
  return { ok: true, event: (ga ? { ...event, type: ga } : event) as RealtimeServerEvent };
}
