import { describe, expect, it } from 'vitest';
import { acknowledge, addNotice, addTyped, emptyTranscript, messages, needsAnswer, reduceEvent, upsert, type Transcript } from '@/lib/transcript/reduce';
import {
  assistantDelta,
  assistantDone,
  assistantItem as asstItem,
  audioCleared,
  event,
  itemAdded,
  rateLimitsUpdated,
  responseDone,
  sessionUpdated,
  speechStarted,
  speechStopped,
  textDelta,
  textDone,
  transcriptionCompleted,
  transcriptionDelta,
  transcriptionFailed,
  userAudioItem as userItem,
  typedItem,
  type WireEvent,
} from '../fixtures/realtime-events';

/** Feeds the wire events through the real parser, as the offscreen document does. */
function feed(frames: WireEvent[], t: Transcript = emptyTranscript()): Transcript {
  return frames.reduce<Transcript>((acc, f) => reduceEvent(acc, event(f), 1000).transcript, t);
}
const view = (t: Transcript) => messages(t).map((m) => [m.role, m.text, m.final]);
const delta = (itemId: string, d: string) => ({ ...assistantDelta(itemId, d, 'r1'), output_index: 0, content_index: 0, obfuscation: 'zz' });

describe('transcript reducer', () => {
  it('streams a voice turn: user placeholder, then assistant deltas, in order', () => {
    const t = feed([
      speechStarted('u1'),
      speechStopped('u1'),
      userItem('u1', null),
      asstItem('a1', 'u1'),
      delta('a1', 'Hello'),
      delta('a1', ' there'),
    ]);
    expect(view(t)).toEqual([
      ['user', '', false],
      ['assistant', 'Hello there', false],
    ]);
  });

  it('puts a user transcription that arrives after the reply started into the user message, above the reply', () => {
    const t = feed([
      speechStarted('u1'),
      userItem('u1', null),
      asstItem('a1', 'u1'),
      delta('a1', 'Sure'),
      transcriptionDelta('u1', 'What is '),
      transcriptionDelta('u1', 'this?'),
      assistantDone('a1', 'Sure thing.', 'r1'),
      transcriptionCompleted('u1', 'What is this page?'),
    ]);
    expect(view(t)).toEqual([
      ['user', 'What is this page?', true],
      ['assistant', 'Sure thing.', true],
    ]);
  });

  it('places an item by previous_item_id even when text for it arrived first', () => {
    const t = feed([
      transcriptionDelta('u2', 'late'),
      userItem('u1', null),
      asstItem('a1', 'u1'),
      userItem('u2', 'a1'),
      asstItem('a2', 'u2'),
      delta('a2', 'ok'),
    ]);
    expect(messages(t).map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(t.byId.u2!.text).toBe('late');
  });

  it('accepts beta event names for the same flow', () => {
    const t = feed([
      { type: 'conversation.item.created', previous_item_id: null, item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'typed' }] } },
      { type: 'conversation.item.created', previous_item_id: 'u1', item: { id: 'a1', type: 'message', role: 'assistant', content: [] } },
      { type: 'response.audio_transcript.delta', item_id: 'a1', response_id: 'r', delta: 'Be' },
      { type: 'response.audio_transcript.delta', item_id: 'a1', response_id: 'r', delta: 'ta' },
      { type: 'response.audio_transcript.done', item_id: 'a1', response_id: 'r', transcript: 'Beta' },
    ]);
    expect(view(t)).toEqual([
      ['user', 'typed', true],
      ['assistant', 'Beta', true],
    ]);
  });

  it('handles text-modality deltas and the final item text', () => {
    const t = feed([
      asstItem('a1', null),
      textDelta('a1', 'Hi', 'r'),
      textDone('a1', 'Hi!', 'r'),
    ]);
    expect(view(t)).toEqual([['assistant', 'Hi!', true]]);
  });

  it('marks a reply cut off by barge-in (cancelled response) and by output_audio_buffer.cleared', () => {
    const base = feed([userItem('u1', null), asstItem('a1', 'u1'), delta('a1', 'Long answer')]);
    const cancelled = feed(
      [responseDone('r1', 'cancelled', [{ id: 'a1' }], { status_details: { type: 'cancelled', reason: 'turn_detected' } })],
      base,
    );
    expect(cancelled.byId.a1).toMatchObject({ interrupted: true, final: true, text: 'Long answer' });
    const cleared = feed([audioCleared('r1')], base);
    expect(cleared.byId.a1!.interrupted).toBe(true);
    // A truncated item that comes back empty keeps the text we streamed.
    const done = feed([asstItem('a1', 'u1', true)], cancelled);
    expect(done.byId.a1!.text).toBe('Long answer');
  });

  it('a reply cancelled before its first word, its item not in the output, does not stay pending', () => {
    // The greeting began, the user spoke over it at once: the server lists no output.
    const t = feed([asstItem('a0', null), userItem('u1', 'a0'), responseDone('r0', 'cancelled', [], { status_details: { type: 'cancelled', reason: 'turn_detected' } })]);
    expect(t.byId.a0).toMatchObject({ interrupted: true, final: true, text: '' });
    // A reply with words is left alone by that rule (it is in the output when it is cut).
    const kept = feed([asstItem('a1', 'u1'), delta('a1', 'Hel'), responseDone('r1', 'cancelled', [])]);
    expect(kept.byId.a1).toMatchObject({ final: false, text: 'Hel' });
  });

  it('marks failed transcriptions and ignores non-message items and unknown events', () => {
    const t = feed([
      userItem('u1', null),
      transcriptionFailed('u1', 'audio_unintelligible'),
      itemAdded({ id: 'f1', type: 'function_call', name: 'x' }, 'u1'),
      rateLimitsUpdated([]),
      { type: 'brand.new.event' },
    ]);
    expect(messages(t)).toHaveLength(1);
    expect(t.byId.u1).toMatchObject({ failed: true, final: true });
  });

  it('reports which message changed, and nothing for events it ignores', () => {
    const r = reduceEvent(emptyTranscript(), event(speechStarted('u9')), 5);
    expect(r.changed).toEqual(['u9']);
    expect(r.transcript.byId.u9!.at).toBe(5);
    expect(reduceEvent(r.transcript, event(sessionUpdated()), 6).changed).toEqual([]);
  });

  it('upsert is idempotent and positions by afterId (the side panel path)', () => {
    let t = emptyTranscript();
    const m = (id: string, text: string) => ({ id, role: 'user' as const, text, final: false, at: 0 });
    t = upsert(t, m('a', '1'), null);
    t = upsert(t, m('c', '3'), 'a');
    t = upsert(t, m('b', '2'), 'a');
    t = upsert(t, m('b', '2'), 'a');
    expect(t.order).toEqual(['a', 'b', 'c']);
    t = addNotice(t, 'n1', 'Connection dropped', 0);
    expect(messages(t).at(-1)).toMatchObject({ role: 'notice', text: 'Connection dropped' });
  });
});

describe('typed messages before the server has them', () => {
  const typedEcho = typedItem;

  it('shows a typed message at once; the server echo acknowledges it in place', () => {
    let t = feed([userItem('u1', null), asstItem('a1', 'u1'), delta('a1', 'Hi')]);
    t = addTyped(t, 'item_hark_1', 'Tell me more', 2000);
    expect(t.byId.item_hark_1).toMatchObject({ role: 'user', text: 'Tell me more', final: true, unsent: true });
    expect(needsAnswer(t)).toBe(true);
    t = feed([typedEcho('item_hark_1', 'a1', 'Tell me more')], t);
    expect(t.byId.item_hark_1!.unsent).toBeUndefined();
    expect(t.byId.item_hark_1!.at).toBe(2000);
    expect(view(t)).toEqual([
      ['user', '', false],
      ['assistant', 'Hi', false],
      ['user', 'Tell me more', true],
    ]);
    expect(needsAnswer(t)).toBe(false);
  });

  it('an unacknowledged message before a gap marker still needs an answer; one with a reply after it does not', () => {
    let t = addTyped(emptyTranscript(), 'item_hark_2', 'Are you there?', 1);
    t = addNotice(t, 'gap-2', 'Connection lost', 2);
    expect(needsAnswer(t)).toBe(true);
    expect(needsAnswer(acknowledge(t, 'item_hark_2'))).toBe(false);
    t = feed([asstItem('a9', 'item_hark_2'), delta('a9', 'Yes')], t);
    expect(needsAnswer(t)).toBe(false);
  });

  it('acknowledge leaves other messages alone', () => {
    const t = feed([userItem('u1', null)]);
    expect(acknowledge(t, 'u1')).toBe(t);
    expect(acknowledge(t, 'missing')).toBe(t);
  });
});
