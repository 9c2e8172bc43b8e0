// @ts-check
/**
 * The one table of what a client may send: the keys of every GA client event and of every
 * object nested in one (session, audio, tools, items, response parameters).
 *
 * Each entry is typed as exactly the key set of the matching type in the official `openai`
 * package (`KeysOf<T>` below), so `npx tsc -p server` fails when the SDK adds, renames or drops a
 * field and the table has not followed: a missing key is an error, an extra key is an excess
 * property. The validators (client-events.mjs, session-config.mjs, schema-checks.mjs) read their
 * allowed keys only from here, so the server cannot accept what the API would refuse.
 */

/** @import * as RT from 'openai/resources/realtime/realtime' */
/** @import * as Responses from 'openai/resources/responses/responses' */
/**
 * Every key of T (optional ones included), each mapped to `true`.
 * @template T @typedef {{ [K in keyof Required<T>]: true }} KeysOf
 */

/** @type {KeysOf<RT.SessionUpdateEvent>} */
const sessionUpdate = { type: true, event_id: true, session: true };
/** @type {KeysOf<RT.InputAudioBufferAppendEvent>} */
const append = { type: true, event_id: true, audio: true };
/** @type {KeysOf<RT.InputAudioBufferCommitEvent>} */
const commit = { type: true, event_id: true };
/** @type {KeysOf<RT.InputAudioBufferClearEvent>} */
const clear = { type: true, event_id: true };
/** @type {KeysOf<RT.ConversationItemCreateEvent>} */
const itemCreate = { type: true, event_id: true, previous_item_id: true, item: true };
/** @type {KeysOf<RT.ConversationItemRetrieveEvent>} */
const itemRetrieve = { type: true, event_id: true, item_id: true };
/** @type {KeysOf<RT.ConversationItemDeleteEvent>} */
const itemDelete = { type: true, event_id: true, item_id: true };
/** @type {KeysOf<RT.ConversationItemTruncateEvent>} */
const itemTruncate = { type: true, event_id: true, item_id: true, content_index: true, audio_end_ms: true };
/** @type {KeysOf<RT.ResponseCreateEvent>} */
const responseCreate = { type: true, event_id: true, response: true };
/** @type {KeysOf<RT.ResponseCancelEvent>} */
const responseCancel = { type: true, event_id: true, response_id: true };
/** @type {KeysOf<RT.OutputAudioBufferClearEvent>} */
const outputClear = { type: true, event_id: true };

/**
 * Client event type → its keys. `satisfies`-style check: the record's keys must be exactly the
 * `type` values of `RealtimeClientEvent`.
 * @type {{ [K in RT.RealtimeClientEvent['type']]: Record<string, true> }}
 */
export const CLIENT_EVENTS = {
  'session.update': sessionUpdate,
  'input_audio_buffer.append': append,
  'input_audio_buffer.commit': commit,
  'input_audio_buffer.clear': clear,
  'conversation.item.create': itemCreate,
  'conversation.item.retrieve': itemRetrieve,
  'conversation.item.delete': itemDelete,
  'conversation.item.truncate': itemTruncate,
  'response.create': responseCreate,
  'response.cancel': responseCancel,
  'output_audio_buffer.clear': outputClear,
};

/** @type {KeysOf<RT.RealtimeSessionCreateRequest>} */
const session = {
  type: true, model: true, instructions: true, output_modalities: true, audio: true, tools: true, tool_choice: true,
  max_output_tokens: true, tracing: true, truncation: true, include: true, prompt: true, parallel_tool_calls: true, reasoning: true,
};
/** @type {KeysOf<RT.RealtimeAudioConfig>} */
const audio = { input: true, output: true };
/** @type {KeysOf<RT.RealtimeAudioConfigInput>} */
const audioInput = { format: true, transcription: true, noise_reduction: true, turn_detection: true };
/** @type {KeysOf<RT.RealtimeAudioConfigOutput>} */
const audioOutput = { format: true, voice: true, speed: true };
/** @type {KeysOf<RT.RealtimeAudioFormats.AudioPCM>} */
const formatPcm = { type: true, rate: true };
/** @type {KeysOf<RT.RealtimeAudioFormats.AudioPCMU>} */
const formatPcmu = { type: true };
/** @type {KeysOf<RT.AudioTranscription>} */
const transcription = { model: true, language: true, prompt: true, delay: true };
/** @type {KeysOf<RT.RealtimeAudioConfigInput.NoiseReduction>} */
const noiseReduction = { type: true };
/** @type {KeysOf<RT.RealtimeAudioInputTurnDetection.ServerVad>} */
const serverVad = {
  type: true, threshold: true, prefix_padding_ms: true, silence_duration_ms: true, idle_timeout_ms: true, create_response: true, interrupt_response: true,
};
/** @type {KeysOf<RT.RealtimeAudioInputTurnDetection.SemanticVad>} */
const semanticVad = { type: true, eagerness: true, create_response: true, interrupt_response: true };
/** @type {KeysOf<RT.RealtimeFunctionTool>} */
const functionTool = { type: true, name: true, description: true, parameters: true };
/** @type {KeysOf<Responses.ToolChoiceFunction>} */
const toolChoiceFunction = { type: true, name: true };
/** @type {KeysOf<Responses.ToolChoiceMcp>} */
const toolChoiceMcp = { type: true, server_label: true, name: true };
/** @type {KeysOf<RT.RealtimeTracingConfig.TracingConfiguration>} */
const tracing = { workflow_name: true, group_id: true, metadata: true };
/** @type {KeysOf<RT.RealtimeTruncationRetentionRatio>} */
const truncation = { type: true, retention_ratio: true, token_limits: true };
/** @type {KeysOf<RT.RealtimeReasoning>} */
const reasoning = { effort: true };
/** @type {KeysOf<Responses.ResponsePrompt>} */
const prompt = { id: true, version: true, variables: true };

/** @type {KeysOf<RT.RealtimeResponseCreateParams>} */
const response = {
  audio: true, conversation: true, input: true, instructions: true, max_output_tokens: true, metadata: true,
  output_modalities: true, parallel_tool_calls: true, prompt: true, reasoning: true, tool_choice: true, tools: true,
};
/** @type {KeysOf<RT.RealtimeResponseCreateAudioOutput>} */
const responseAudio = { output: true };
/** @type {KeysOf<RT.RealtimeResponseCreateAudioOutput.Output>} */
const responseAudioOutput = { format: true, voice: true };

/** @type {KeysOf<RT.RealtimeConversationItemUserMessage>} */
const userMessage = { type: true, role: true, content: true, id: true, object: true, status: true };
/** @type {KeysOf<RT.RealtimeConversationItemSystemMessage>} */
const systemMessage = { type: true, role: true, content: true, id: true, object: true, status: true };
/** @type {KeysOf<RT.RealtimeConversationItemAssistantMessage>} */
const assistantMessage = { type: true, role: true, content: true, id: true, object: true, status: true };
/** @type {KeysOf<RT.RealtimeConversationItemUserMessage.Content>} */
const userContent = { type: true, text: true, audio: true, transcript: true, image_url: true, detail: true };
/** @type {KeysOf<RT.RealtimeConversationItemSystemMessage.Content>} */
const systemContent = { type: true, text: true };
/** @type {KeysOf<RT.RealtimeConversationItemAssistantMessage.Content>} */
const assistantContent = { type: true, text: true, audio: true, transcript: true };
/** @type {KeysOf<RT.RealtimeConversationItemFunctionCall>} */
const functionCall = { type: true, name: true, arguments: true, call_id: true, id: true, object: true, status: true };
/** @type {KeysOf<RT.RealtimeConversationItemFunctionCallOutput>} */
const functionCallOutput = { type: true, call_id: true, output: true, id: true, object: true, status: true };

/** Allowed keys of each nested object, by the name the validators use. */
export const SHAPES = {
  session, audio, audioInput, audioOutput, formatPcm, formatPcmu, transcription, noiseReduction, serverVad, semanticVad,
  functionTool, toolChoiceFunction, toolChoiceMcp, tracing, truncation, reasoning, prompt,
  response, responseAudio, responseAudioOutput,
  userMessage, systemMessage, assistantMessage, userContent, systemContent, assistantContent, functionCall, functionCallOutput,
};

/** @param {Record<string, true>} shape @returns {string[]} */
export const keysOf = (shape) => Object.keys(shape);

/** Allowed values the types spell out as literal unions (the checks quote them in messages). */
export const VALUES = {
  outputModalities: /** @type {const} */ (['audio', 'text']),
  noiseReduction: /** @type {RT.NoiseReductionType[]} */ (['near_field', 'far_field']),
  toolChoice: /** @type {Responses.ToolChoiceOptions[]} */ (['none', 'auto', 'required']),
  eagerness: /** @type {NonNullable<RT.RealtimeAudioInputTurnDetection.SemanticVad['eagerness']>[]} */ (['low', 'medium', 'high', 'auto']),
  transcriptionDelay: /** @type {NonNullable<RT.AudioTranscription['delay']>[]} */ (['minimal', 'low', 'medium', 'high', 'xhigh']),
  reasoningEffort: /** @type {RT.RealtimeReasoningEffort[]} */ (['minimal', 'low', 'medium', 'high', 'xhigh']),
  include: /** @type {NonNullable<RT.RealtimeSessionCreateRequest['include']>} */ (['item.input_audio_transcription.logprobs']),
  formats: ['audio/pcm', 'audio/pcmu', 'audio/pcma'],
  itemStatus: /** @type {NonNullable<RT.RealtimeConversationItemUserMessage['status']>[]} */ (['completed', 'incomplete', 'in_progress']),
  imageDetail: /** @type {NonNullable<RT.RealtimeConversationItemUserMessage.Content['detail']>[]} */ (['auto', 'low', 'high']),
};
