// @vitest-environment node
/**
 * The strict client-event validation (client-events.mjs + client-schema.mjs + schema-checks.mjs),
 * driven through `handleClientMessage` with a stand-in call: which shapes pass, and which are
 * refused with the real API's `error` (code, param, the client's event_id).
 *
 * The table itself is checked against the `openai` types by the compiler (`npx tsc -p server`:
 * every entry is `KeysOf<SdkType>`); the first test below checks that the table covers exactly the
 * SDK's client event types at run time too.
 */
import { describe, expect, it } from 'vitest';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { handleClientMessage } from '../../server/client-events.mjs';
import { CLIENT_EVENTS, SHAPES } from '../../server/client-schema.mjs';
import { Conversation } from '../../server/conversation.mjs';
import { defaultSession, mergeSession } from '../../server/session-config.mjs';

type Json = Record<string, any>;

/** Every client event type of the SDK, spelled out: the compiler refuses a missing or extra one. */
const SDK_EVENT_TYPES: Record<RealtimeClientEvent['type'], true> = {
  'session.update': true,
  'input_audio_buffer.append': true,
  'input_audio_buffer.commit': true,
  'input_audio_buffer.clear': true,
  'conversation.item.create': true,
  'conversation.item.retrieve': true,
  'conversation.item.delete': true,
  'conversation.item.truncate': true,
  'response.create': true,
  'response.cancel': true,
  'output_audio_buffer.clear': true,
};

/** The parts of a RealtimeCall that client-events.mjs touches, recording what happens. */
function fakeCall() {
  const call = {
    closed: false,
    session: defaultSession() as Json,
    conversation: new Conversation(),
    run: null as null | { active: boolean; id: string },
    player: { playing: false, responseId: null },
    errors: [] as Json[],
    emitted: [] as Json[],
    responses: [] as Json[],
    functionOutputs: [] as Json[],
    commits: 0,
    recordClientEvent() {},
    emitErrorEvent(err: Json, eventId: string | null) {
      call.errors.push({ type: err.type ?? 'invalid_request_error', ...err, event_id: eventId });
    },
    emit(e: Json) {
      call.emitted.push(e);
    },
    applySession(next: Json) {
      call.session = next;
      return next;
    },
    commitInput() {
      call.commits++;
    },
    clearInput() {},
    clearAudio() {},
    startResponse(opts: Json) {
      call.responses.push(opts);
      return { id: 'resp_1' };
    },
    recordFunctionOutput(item: Json) {
      call.functionOutputs.push(item);
    },
  };
  return call;
}

/** Sends one event; returns the error it caused (or null). */
function send(event: Json, call = fakeCall()) {
  handleClientMessage(call as never, JSON.stringify({ event_id: 'evt_x', ...event }));
  return call.errors.at(-1) ?? null;
}

const TOOLS = [
  {
    type: 'function',
    name: 'read_page_section',
    description: 'Reads one section of the page.',
    parameters: { type: 'object', properties: { heading: { type: 'string' } }, required: ['heading'] },
  },
];

describe('client events: the table is the SDK', () => {
  it('covers exactly the SDK client event types, each with type and event_id', () => {
    expect(Object.keys(CLIENT_EVENTS).sort()).toEqual(Object.keys(SDK_EVENT_TYPES).sort());
    for (const keys of Object.values(CLIENT_EVENTS)) expect(keys).toMatchObject({ type: true, event_id: true });
    expect(Object.keys(SHAPES.transcription)).not.toContain('keywords'); // not in openai 6.49's AudioTranscription
  });
});

describe('client events: accepted shapes', () => {
  const accepted: [string, Json][] = [
    ['session.update with Hark-like audio, noise reduction and push-to-talk', {
      type: 'session.update',
      session: {
        type: 'realtime', model: 'gpt-realtime', instructions: 'Page title: "X"', output_modalities: ['audio'],
        audio: {
          input: { transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' }, noise_reduction: { type: 'near_field' }, turn_detection: null },
          output: { voice: 'marin', speed: 1.1 },
        },
        max_output_tokens: 'inf', truncation: 'auto', tracing: null,
      },
    }],
    ['session.update with far-field noise reduction and semantic VAD', {
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { noise_reduction: { type: 'far_field' }, turn_detection: { type: 'semantic_vad', eagerness: 'low' } } } },
    }],
    ['session.update with noise reduction off', { type: 'session.update', session: { type: 'realtime', audio: { input: { noise_reduction: null } } } }],
    ['session.update with text-only output', { type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } }],
    ['session.update with tools and tool_choice auto', { type: 'session.update', session: { type: 'realtime', tools: TOOLS, tool_choice: 'auto' } }],
    ['session.update forcing one function', {
      type: 'session.update', session: { type: 'realtime', tools: TOOLS, tool_choice: { type: 'function', name: 'read_page_section' } },
    }],
    ['session.update clearing tools', { type: 'session.update', session: { type: 'realtime', tools: [], tool_choice: 'none' } }],
    ['conversation.item.create user text', { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } }],
    ['conversation.item.create function_call', {
      type: 'conversation.item.create', item: { type: 'function_call', call_id: 'call_1', name: 'read_page_section', arguments: '{"heading":"Intro"}' },
    }],
    ['conversation.item.create function_call_output', {
      type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: '{"text":"Heat pumps move heat."}' },
    }],
    ['response.create (bare)', { type: 'response.create' }],
    ['response.create with instructions (the greeting)', { type: 'response.create', response: { instructions: 'Greet the user in one short sentence.' } }],
    ['response.create text-only', { type: 'response.create', response: { output_modalities: ['text'] } }],
    ['response.create out of band with input and metadata', {
      type: 'response.create',
      response: {
        conversation: 'none', metadata: { purpose: 'summary' }, max_output_tokens: 200,
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Summarise.' }] }],
      },
    }],
    ['response.create with tools and a voice', { type: 'response.create', response: { tools: TOOLS, tool_choice: 'required', audio: { output: { voice: 'cedar' } } } }],
    ['input_audio_buffer.commit', { type: 'input_audio_buffer.commit' }],
    ['input_audio_buffer.clear', { type: 'input_audio_buffer.clear' }],
    ['output_audio_buffer.clear', { type: 'output_audio_buffer.clear' }],
  ];
  it.each(accepted)('%s', (_name, event) => {
    expect(send(event)).toBeNull();
  });

  it('records function_call_output items and passes response instructions and modalities through', () => {
    const call = fakeCall();
    send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_9', output: '42' } }, call);
    send({ type: 'response.create', response: { instructions: 'Say hi.', output_modalities: ['text'] } }, call);
    expect(call.errors).toEqual([]);
    expect(call.functionOutputs).toMatchObject([{ type: 'function_call_output', call_id: 'call_9', output: '42' }]);
    expect(call.responses[0].params).toEqual({ instructions: 'Say hi.', output_modalities: ['text'] });
  });

  it('applies noise reduction and tools to the session', () => {
    const call = fakeCall();
    send({ type: 'session.update', session: { type: 'realtime', tools: TOOLS, audio: { input: { noise_reduction: { type: 'far_field' } } } } }, call);
    expect(call.session.audio.input.noise_reduction).toEqual({ type: 'far_field' });
    expect(call.session.tools).toEqual(TOOLS);
    expect(mergeSession(call.session, { type: 'realtime', tools: [] }).tools).toEqual([]);
  });
});

describe('client events: refused shapes, with the real API error', () => {
  const refused: [string, Json, Json][] = [
    ['an unknown event type', { type: 'session.updat' }, { code: 'invalid_value', param: 'type' }],
    ['a beta event name', { type: 'transcription_session.update', session: {} }, { code: 'invalid_value', param: 'type' }],
    ['an unknown top-level key', { type: 'response.create', modalities: ['text'] }, { code: 'unknown_parameter', param: 'modalities' }],
    ['a non-string event_id', { type: 'input_audio_buffer.clear', event_id: 7 }, { code: 'invalid_type', param: 'event_id' }],
    ['beta session.voice', { type: 'session.update', session: { type: 'realtime', voice: 'alloy' } }, { code: 'unknown_parameter', param: 'session.voice' }],
    ['session without type', { type: 'session.update', session: { instructions: 'x' } }, { code: 'missing_required_parameter', param: 'session.type' }],
    ['both output modalities', { type: 'session.update', session: { type: 'realtime', output_modalities: ['audio', 'text'] } }, { code: 'invalid_value', param: 'session.output_modalities' }],
    ['an unknown noise reduction', { type: 'session.update', session: { type: 'realtime', audio: { input: { noise_reduction: { type: 'near' } } } } }, { code: 'invalid_value', param: 'session.audio.input.noise_reduction.type' }],
    ['beta input_audio_noise_reduction', { type: 'session.update', session: { type: 'realtime', input_audio_noise_reduction: { type: 'near_field' } } }, { code: 'unknown_parameter', param: 'session.input_audio_noise_reduction' }],
    ['transcription keywords (not in the SDK)', { type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1', keywords: ['x'] } } } } }, { code: 'unknown_parameter', param: 'session.audio.input.transcription.keywords' }],
    ['tools not an array', { type: 'session.update', session: { type: 'realtime', tools: {} } }, { code: 'invalid_type', param: 'session.tools' }],
    ['a tool without a name', { type: 'session.update', session: { type: 'realtime', tools: [{ type: 'function', parameters: {} }] } }, { code: 'missing_required_parameter', param: 'session.tools[0].name' }],
    ['a Chat Completions-style tool', { type: 'session.update', session: { type: 'realtime', tools: [{ type: 'function', function: { name: 'x' } }] } }, { code: 'unknown_parameter', param: 'session.tools[0].function' }],
    ['a tool name with spaces', { type: 'session.update', session: { type: 'realtime', tools: [{ type: 'function', name: 'read page' }] } }, { code: 'invalid_value', param: 'session.tools[0].name' }],
    ['tool_choice "any"', { type: 'session.update', session: { type: 'realtime', tool_choice: 'any' } }, { code: 'invalid_value', param: 'session.tool_choice' }],
    ['tool_choice function without name', { type: 'session.update', session: { type: 'realtime', tool_choice: { type: 'function' } } }, { code: 'missing_required_parameter', param: 'session.tool_choice.name' }],
    ['GA session temperature', { type: 'session.update', session: { type: 'realtime', temperature: 0.8 } }, { code: 'unknown_parameter', param: 'session.temperature' }],
    ['function_call_output without output', { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_1' } }, { code: 'missing_required_parameter', param: 'item.output' }],
    ['function_call_output with an object output', { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: { ok: true } } }, { code: 'invalid_type', param: 'item.output' }],
    ['function_call without call_id', { type: 'conversation.item.create', item: { type: 'function_call', name: 'f', arguments: '{}' } }, { code: 'missing_required_parameter', param: 'item.call_id' }],
    ['a function_call_output with a role', { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'c', output: '1', role: 'tool' } }, { code: 'unknown_parameter', param: 'item.role' }],
    ['a user message with output_text', { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] } }, { code: 'invalid_value', param: 'item.content[0].type' }],
    ['an item_reference outside response.input', { type: 'conversation.item.create', item: { type: 'item_reference', id: 'item_1' } }, { code: 'invalid_value', param: 'item.type' }],
    ['previous_item_id null', { type: 'conversation.item.create', previous_item_id: null, item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] } }, { code: 'invalid_type', param: 'previous_item_id' }],
    ['beta response.modalities', { type: 'response.create', response: { modalities: ['text'] } }, { code: 'unknown_parameter', param: 'response.modalities' }],
    ['beta response.voice', { type: 'response.create', response: { voice: 'alloy' } }, { code: 'unknown_parameter', param: 'response.voice' }],
    ['response speed (session-only)', { type: 'response.create', response: { audio: { output: { speed: 1.2 } } } }, { code: 'unknown_parameter', param: 'response.audio.output.speed' }],
    ['response instructions not a string', { type: 'response.create', response: { instructions: ['hi'] } }, { code: 'invalid_type', param: 'response.instructions' }],
    ['response output_modalities "text" as a string', { type: 'response.create', response: { output_modalities: 'text' } }, { code: 'invalid_type', param: 'response.output_modalities' }],
    ['response metadata with a number', { type: 'response.create', response: { metadata: { n: 1 } } }, { code: 'invalid_type', param: 'response.metadata.n' }],
    ['a bad item in response.input', { type: 'response.create', response: { input: [{ type: 'message', role: 'user' }] } }, { code: 'missing_required_parameter', param: 'response.input[0].content' }],
    ['append without audio', { type: 'input_audio_buffer.append' }, { code: 'missing_required_parameter', param: 'audio' }],
    ['commit with an extra key', { type: 'input_audio_buffer.commit', item_id: 'x' }, { code: 'unknown_parameter', param: 'item_id' }],
  ];
  it.each(refused)('%s', (_name, event, expected) => {
    const call = fakeCall();
    const err = send(event, call);
    expect(err).toMatchObject({ type: 'invalid_request_error', ...expected });
    // The event_id of the offending client event is echoed (when it is a string).
    if (typeof event.event_id !== 'number') expect(err?.event_id).toBe('evt_x');
    // A refused event changes nothing.
    expect(call.responses).toEqual([]);
    expect(call.emitted).toEqual([]);
    expect(call.commits).toBe(0);
  });
});
