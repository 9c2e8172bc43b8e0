/**
 * OpenAI Realtime (GA) wire protocol: the client events Hark sends (types from the `openai`
 * package, type-only imports, so nothing of the SDK is bundled), and the parser of the server
 * events it receives (server-events.ts, re-exported here).
 */
import type { RealtimeClientEvent, RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type { ClientSecretCreateParams } from 'openai/resources/realtime/client-secrets';
import type { TurnMode } from '../settings';
import { DEFAULT_TRANSCRIPTION_MODEL } from '../models';
import type { ToolDefinition } from '../tools/contract';

export type { RealtimeClientEvent, RealtimeSessionCreateRequest };
/** Server events: Hark's own union, checked by the parser (server-events.ts). */
export { MAX_EVENT_CHARS, parseServerEvent, type ServerEvent } from './server-events';

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
