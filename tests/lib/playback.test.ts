import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARS_PER_SECOND, Playback, snapToWord } from '@/lib/transcript/playback';
import { emptyTranscript, upsert, type Transcript } from '@/lib/transcript/reduce';
import { audioCleared, audioStarted, audioStopped, event, responseCreated, responseDone } from '../fixtures/realtime-events';
const reply = (t: Transcript, id: string, rid: string, text: string) => upsert(t, { id, role: 'assistant', text, final: false, at: 0, responseId: rid });

describe('playback tracking', () => {
  it('snaps to a word boundary', () => {
    expect(snapToWord('hello there world', 8)).toBe(6);
    expect(snapToWord('hello there world', 2)).toBe(0);
    expect(snapToWord('hello', 99)).toBe(5);
  });

  it('knows when a response is generating and when audio plays', () => {
    const p = new Playback();
    const t = emptyTranscript();
    p.observe(event(responseCreated('r1')), 0, t);
    expect(p.responseId).toBe('r1');
    p.observe(event(audioStarted('r1')), 100, t);
    p.observe(event(responseDone('r1', 'completed')), 200, t);
    expect(p.responseId).toBeNull();
    expect(p.active).toBe(true);
    p.observe(event(audioStopped('r1')), 3000, t);
    expect(p.active).toBe(false);
  });

  it('calibrates the speaking rate on a complete reply and estimates what an interrupted one said', () => {
    const p = new Playback();
    let t = reply(emptyTranscript(), 'a1', 'r1', 'x'.repeat(59) + ' ');
    p.observe(event(audioStarted('r1')), 1000, t);
    p.observe(event(audioStopped('r1')), 4000, t); // 60 chars in 3 s
    expect(p.charsPerSecond).toBeCloseTo(20);
    t = reply(t, 'a2', 'r2', 'one two three four five six seven eight nine ten');
    p.observe(event(audioStarted('r2')), 10_000, t);
    const heard = p.observe(event(audioCleared('r2')), 10_700, t); // 14 chars
    expect(heard).toEqual([{ id: 'a2', heard: 'one two three '.length }]);
  });

  it('a reply cancelled before it played was not heard at all', () => {
    const p = new Playback();
    const t = reply(emptyTranscript(), 'a1', 'r1', 'Sure, here');
    p.observe(event(responseCreated('r1')), 0, t);
    expect(p.observe(event(responseDone('r1', 'cancelled')), 10, t)).toEqual([{ id: 'a1', heard: 0 }]);
  });

  it('reset forgets the calibration', () => {
    const p = new Playback();
    p.charsPerSecond = 30;
    p.reset();
    expect(p.charsPerSecond).toBe(DEFAULT_CHARS_PER_SECOND);
  });
});
