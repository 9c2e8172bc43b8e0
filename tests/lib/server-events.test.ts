import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import {
  MAX_EVENT_CHARS,
  parseServerEvent,
  SERVER_EVENTS,
  type EventOf,
  type KnownEventType,
  type ServerEvent,
} from '@/lib/realtime/server-events';
import type { Infer } from '@/lib/realtime/shape';
import * as wire from '../fixtures/realtime-events';

const { frame } = wire;

/** One well-formed wire event of every type in the table, built by the shared fixtures. */
const SAMPLES: Record<KnownEventType, wire.WireEvent> = {
  'session.created': wire.sessionCreated({ instructions: 'x', expires_at: 1 }),
  'session.updated': wire.sessionUpdated(),
  error: wire.serverError('invalid_value'),
  'input_audio_buffer.speech_started': wire.speechStarted('u1'),
  'input_audio_buffer.speech_stopped': wire.speechStopped('u1'),
  'input_audio_buffer.committed': wire.inputCommitted('u1'),
  'conversation.item.added': wire.userAudioItem('u1'),
  'conversation.item.done': wire.assistantItem('a1', 'u1', true),
  'conversation.item.input_audio_transcription.delta': wire.transcriptionDelta('u1', 'Hel'),
  'conversation.item.input_audio_transcription.completed': wire.transcriptionCompleted('u1', 'Hello'),
  'conversation.item.input_audio_transcription.failed': wire.transcriptionFailed('u1', 'audio_unintelligible'),
  'response.created': wire.responseCreated('r1'),
  'response.done': wire.responseDone('r1', 'completed', [{ id: 'a1' }], { usage: { total_tokens: 5 } }),
  'response.output_audio_transcript.delta': wire.assistantDelta('a1', 'Hi'),
  'response.output_text.delta': wire.textDelta('a1', 'Hi'),
  'response.output_audio_transcript.done': wire.assistantDone('a1', 'Hi.'),
  'response.output_text.done': wire.textDone('a1', 'Hi.'),
  'output_audio_buffer.started': wire.audioStarted('r1'),
  'output_audio_buffer.stopped': wire.audioStopped('r1'),
  'output_audio_buffer.cleared': wire.audioCleared('r1'),
  'response.output_item.done': wire.functionCallItemDone('call_1', 'read_page'),
  'response.function_call_arguments.done': wire.functionArgumentsDone('call_1', 'read_page'),
  'rate_limits.updated': wire.rateLimitsUpdated([{ name: 'tokens', limit: 10, remaining: 5, reset_seconds: 1 }]),
};

describe('parseServerEvent', () => {
  it.each(Object.keys(SERVER_EVENTS))('parses %s into its own variant, every field kept', (type) => {
    const sample = SAMPLES[type as KnownEventType];
    expect(sample.type).toBe(type);
    expect(parseServerEvent(frame(sample))).toEqual(sample);
  });

  it('has a sample for every type in the table, and nothing else', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(SERVER_EVENTS).sort());
  });

  it('narrows by type: the fields the table checked are typed', () => {
    const e = parseServerEvent(frame(wire.responseDone('r1', 'cancelled', [{ id: 'a1' }])));
    if (e.type !== 'response.done') throw new Error(e.type);
    expect(e.response.status).toBe('cancelled');
    expect(e.response.output?.[0]?.id).toBe('a1');
  });

  it.each([
    ['response.audio_transcript.delta', 'response.output_audio_transcript.delta'],
    ['response.audio_transcript.done', 'response.output_audio_transcript.done'],
    ['response.text.delta', 'response.output_text.delta'],
    ['conversation.item.created', 'conversation.item.added'],
  ])('maps beta %s to GA %s', (beta, ga) => {
    const item = { id: 'i', type: 'message', role: 'user', content: [] };
    expect(parseServerEvent(JSON.stringify({ type: beta, item_id: 'i', item })).type).toBe(ga);
  });

  it('fills in a missing delta (beta servers omit it on empty chunks)', () => {
    const e = parseServerEvent(JSON.stringify({ type: 'response.text.delta', item_id: 'i' }));
    expect(e.type === 'response.output_text.delta' && e.delta).toBe('');
  });

  it.each([
    ['something.new', 'something.new'],
    ['response.audio.delta', 'response.output_audio.delta'],
    ['constructor', 'constructor'],
    ['__proto__', '__proto__'],
    ['toString', 'toString'],
  ])('a type Hark does not handle (%s) is `unknown`, by name', (type, name) => {
    expect(parseServerEvent(JSON.stringify({ type, x: 1 }))).toEqual({ type: 'unknown', name });
  });

  it.each([
    ['an item that is null', { type: 'conversation.item.added', item: null }, 'item'],
    ['content that is not an array', { type: 'conversation.item.added', item: { id: 'i', content: {} } }, 'item.content'],
    ['a content part that is null', { type: 'conversation.item.done', item: { id: 'i', content: [null] } }, 'item.content[0]'],
    ['a content text that is a number', { type: 'conversation.item.done', item: { id: 'i', content: [{ text: 1 }] } }, 'item.content[0].text'],
    ['a delta that is an object', { type: 'response.output_text.delta', item_id: 'i', delta: {} }, 'delta'],
    ['a transcript that is a number', { type: 'conversation.item.input_audio_transcription.completed', item_id: 'i', transcript: 5 }, 'transcript'],
    ['no item_id', { type: 'response.output_audio_transcript.delta', delta: 'x' }, 'item_id'],
    ['an id that aliases Object.prototype', { type: 'response.output_text.delta', item_id: 'constructor', delta: 'x' }, 'item_id'],
    ['an item id "__proto__"', { type: 'conversation.item.added', item: { id: '__proto__', type: 'message' } }, 'item.id'],
    ['a previous_item_id "toString"', { type: 'conversation.item.added', previous_item_id: 'toString', item: {} }, 'previous_item_id'],
    ['a response that is null', { type: 'response.done', response: null }, 'response'],
    ['response.output that is not a list', { type: 'response.done', response: { id: 'r', status: 'cancelled', output: 5 } }, 'response.output'],
    ['an output id "hasOwnProperty"', { type: 'response.done', response: { output: [{ id: 'hasOwnProperty' }] } }, 'response.output[0].id'],
    ['an error that is a string', { type: 'error', error: 'boom' }, 'error'],
    ['an error code that is a number', { type: 'error', error: { code: 5 } }, 'error.code'],
    ['a session that is null', { type: 'session.created', session: null }, 'session'],
    ['a call without arguments', { type: 'response.function_call_arguments.done', call_id: 'c' }, 'arguments'],
    ['a committed item_id that is a number', { type: 'input_audio_buffer.committed', item_id: 7 }, 'item_id'],
  ])('a handled event with %s is `malformed`, naming the field', (_what, event, field) => {
    const e = parseServerEvent(JSON.stringify(event));
    expect(e.type).toBe('malformed');
    if (e.type === 'malformed') expect(e.reason).toMatch(new RegExp(`^malformed ${event.type}: '${field.replace(/[.[\]]/g, '\\$&')}' is not `));
  });

  it.each([
    [42, 'frame is not text'],
    ['{not json', 'frame is not JSON'],
    ['null', 'event has no type'],
    ['[1,2]', 'event has no type'],
    ['{"type":7}', 'event has no type'],
    ['x'.repeat(MAX_EVENT_CHARS + 1), 'frame too large'],
  ])('a frame that is no event is `malformed` %#, never a throw', (raw, reason) => {
    const e = parseServerEvent(raw);
    expect(e).toEqual({ type: 'malformed', reason: expect.stringContaining(reason) });
  });
});

describe('the union and the table', () => {
  it('the union is exactly the table types plus unknown and malformed', () => {
    expectTypeOf<ServerEvent['type']>().toEqualTypeOf<KnownEventType | 'unknown' | 'malformed'>();
  });

  it("each variant's fields are the types its validators check", () => {
    type Table = typeof SERVER_EVENTS;
    expectTypeOf<EventOf<'response.output_text.delta'>['delta']>().toEqualTypeOf<Infer<Table['response.output_text.delta']['delta']>>();
    expectTypeOf<EventOf<'response.output_text.delta'>['delta']>().toEqualTypeOf<string>();
    expectTypeOf<EventOf<'response.done'>['response']['status']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<EventOf<'conversation.item.added'>['item']['id']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<EventOf<'error'>['error']['code']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<EventOf<'conversation.item.input_audio_transcription.completed'>['transcript']>().toEqualTypeOf<string>();
    expectTypeOf<EventOf<'session.created'>['session']>().toEqualTypeOf<Readonly<Record<string, unknown>>>();
    // An optional field (its validator admits absence) is an optional property.
    expectTypeOf<{ type: 'output_audio_buffer.started' }>().toExtend<EventOf<'output_audio_buffer.started'>>();
  });

  it('every handled type is a server event type of the API (the openai package)', () => {
    expectTypeOf<KnownEventType>().toExtend<RealtimeServerEvent['type']>();
  });
});
