import { describe, expect, it } from 'vitest';
import { PTT_TAIL_MS, PushToTalkTurns, TRANSCRIPT_WAIT_MS } from '@/lib/voice/push-to-talk';
import { event as ev, inputCommitted, serverError, transcriptionCompleted, transcriptionFailed } from '../fixtures/realtime-events';
import { ManualClock } from '../fakes/voice';

const committed = (itemId: string) => ev(inputCommitted(itemId));

function setup(transcribes = true) {
  const clock = new ManualClock();
  const sent: string[] = [];
  const counts = { micClosed: 0, nothingHeard: 0 };
  let linked = true;
  const link = { send: (e: { type: string }) => (sent.push(e.type), true), requestResponse: () => (sent.push('response.create'), true) };
  const turns = new PushToTalkTurns(clock, {
    link: () => (linked ? link : null),
    closeMic: () => counts.micClosed++,
    nothingHeard: () => counts.nothingHeard++,
  });
  turns.transcribes = transcribes;
  return { clock, sent, counts, turns, unlink: () => (linked = false) };
}

describe('push-to-talk turns', () => {
  it('keeps the mic open for the tail, then commits; answers a turn with words', () => {
    const s = setup();
    s.turns.release();
    expect(s.turns.inTail).toBe(true);
    s.clock.advance(PTT_TAIL_MS - 1);
    expect(s.sent).toEqual([]);
    s.clock.advance(1);
    expect(s.turns.inTail).toBe(false);
    expect(s.counts.micClosed).toBe(1);
    expect(s.sent).toEqual(['input_audio_buffer.commit']);
    s.turns.observe(committed('item_a'));
    s.turns.observe(ev(transcriptionCompleted('item_other', 'not mine')));
    expect(s.sent).toEqual(['input_audio_buffer.commit']);
    s.turns.observe(ev(transcriptionCompleted('item_a', 'What is a heat pump?')));
    expect(s.sent).toEqual(['input_audio_buffer.commit', 'response.create']);
    expect(s.sent.filter((t) => t === 'response.create')).toHaveLength(1);
  });

  it('two silent presses: an empty buffer and an empty transcript produce no reply, and say so twice', () => {
    const s = setup();
    s.turns.release();
    s.clock.advance(PTT_TAIL_MS);
    s.turns.observe(ev(serverError('input_audio_buffer_commit_empty')));
    s.turns.release();
    s.clock.advance(PTT_TAIL_MS);
    s.turns.observe(committed('item_b'));
    s.turns.observe(ev(transcriptionCompleted('item_b', '  ')));
    s.clock.advance(TRANSCRIPT_WAIT_MS * 2);
    expect(s.sent).toEqual(['input_audio_buffer.commit', 'input_audio_buffer.commit']);
    expect(s.counts.nothingHeard).toBe(2);
  });

  it('a failed transcription, or none in time, is still answered (the model heard the audio)', () => {
    const s = setup();
    s.turns.release();
    s.clock.advance(PTT_TAIL_MS);
    s.turns.observe(committed('item_c'));
    s.turns.observe(ev(transcriptionFailed('item_c', 'audio_unintelligible')));
    s.turns.release();
    s.clock.advance(PTT_TAIL_MS);
    s.turns.observe(committed('item_d'));
    s.clock.advance(TRANSCRIPT_WAIT_MS);
    expect(s.sent.filter((t) => t === 'response.create')).toHaveLength(2);
    // A late transcript does not answer the same turn twice.
    s.turns.observe(ev(transcriptionCompleted('item_d', 'late words')));
    expect(s.sent.filter((t) => t === 'response.create')).toHaveLength(2);
  });

  it('without input transcription the committed turn is answered at once', () => {
    const s = setup(false);
    s.turns.release();
    s.clock.advance(PTT_TAIL_MS);
    s.turns.observe(committed('item_e'));
    expect(s.sent).toEqual(['input_audio_buffer.commit', 'response.create']);
  });

  it('a press during the tail commits the previous turn first; reset forgets a turn in flight', () => {
    const s = setup();
    s.turns.release();
    s.turns.press();
    expect(s.sent).toEqual(['input_audio_buffer.commit']);
    s.turns.reset();
    s.turns.observe(committed('item_f'));
    s.clock.advance(TRANSCRIPT_WAIT_MS);
    expect(s.sent).toEqual(['input_audio_buffer.commit']);
  });
});
