import { describe, expect, it, vi } from 'vitest';
import { Controls, MIN_TALK_MS, turnModeOf } from '@/entrypoints/offscreen/controls';
import { Playback } from '@/lib/transcript/playback';
import { buildSession } from '@/lib/realtime/protocol';
import type { ConnectRequest } from '@/lib/protocol/messages';
import type { Link } from '@/lib/voice/link';
import { PTT_TAIL_MS } from '@/lib/voice/push-to-talk';
import { ManualClock } from '../fakes/voice';
import { event, inputCommitted, transcriptionCompleted } from '../fixtures/realtime-events';

function setup(mode: 'server_vad' | 'manual' = 'server_vad') {
  const sent: string[] = [];
  const muted: boolean[] = [];
  const send = vi.fn((e: { type: string }) => (sent.push(e.type), true));
  // The real connection routes response.create through its ResponseGate; with no response active it goes out at once.
  const conn = { send, requestResponse: vi.fn(() => send({ type: 'response.create' })), setMuted: vi.fn((m: boolean) => muted.push(m)) };
  const playback = new Playback();
  const audio = { volume: 1 } as HTMLAudioElement;
  let now = 0;
  const clock = new ManualClock();
  const controls = new Controls(() => conn as unknown as Link, playback, audio, () => now, clock);
  const req: ConnectRequest = {
    attempt: 1,
    ephemeralKey: 'ek',
    callsUrl: 'x',
    trustedOrigins: [],
    resume: false,
    session: buildSession({ model: 'gpt-realtime', voice: 'marin', instructions: '', turnDetection: mode }),
    prefs: { costCapUsd: 0, volume: 0.4 },
  };
  controls.configure(req);
  return { controls, sent, muted, playback, audio, req, clock, advance: (ms: number) => (now += ms) };
}

describe('offscreen controls', () => {
  it('reads the turn mode from the session and applies the volume', () => {
    const { req, audio, muted } = setup('manual');
    expect(turnModeOf(req)).toBe('manual');
    expect(audio.volume).toBe(0.4);
    expect(muted.at(-1)).toBe(true); // manual: mic closed until push-to-talk
  });

  it('push-to-talk: clear on press; on release the mic flows for the tail, then commit; a reply once the turn has words', () => {
    const { controls, sent, muted, advance, clock } = setup('manual');
    controls.pushToTalk(true);
    expect(sent).toEqual(['input_audio_buffer.clear']);
    expect(muted.at(-1)).toBe(false);
    advance(MIN_TALK_MS + 500);
    controls.pushToTalk(false);
    expect(sent).toEqual(['input_audio_buffer.clear']);
    expect(muted.at(-1)).toBe(false);
    clock.advance(PTT_TAIL_MS);
    expect(sent).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.commit']);
    expect(muted.at(-1)).toBe(true);
    controls.turns.observe(event(inputCommitted('item_u1')));
    controls.turns.observe(event(transcriptionCompleted('item_u1', 'Hello there')));
    expect(sent).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.commit', 'response.create']);
  });

  it('a slip of a press sends nothing to answer', () => {
    const { controls, sent, advance } = setup('manual');
    controls.pushToTalk(true);
    advance(50);
    controls.pushToTalk(false);
    expect(sent).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.clear']);
  });

  it('interrupt cancels only a generating response and clears audio that plays', () => {
    const { controls, sent, playback } = setup();
    expect(controls.interrupt()).toEqual({ ok: true });
    expect(sent).toEqual([]);
    playback.playingId = 'r1';
    controls.interrupt();
    expect(sent).toEqual(['output_audio_buffer.clear']);
    playback.responseId = 'r2';
    controls.interrupt();
    expect(sent.slice(1)).toEqual(['response.cancel', 'output_audio_buffer.clear']);
  });

  it('pressing push-to-talk over the assistant interrupts it first', () => {
    const { controls, sent, playback } = setup('manual');
    playback.responseId = 'r1';
    controls.pushToTalk(true);
    expect(sent).toEqual(['response.cancel', 'output_audio_buffer.clear', 'input_audio_buffer.clear']);
  });

  it('mute wins over push-to-talk; switching to VAD opens the mic', () => {
    const { controls, muted } = setup('manual');
    controls.setMuted(true);
    controls.pushToTalk(true);
    expect(muted.at(-1)).toBe(true);
    controls.setMuted(false);
    expect(muted.at(-1)).toBe(false);
    controls.pushToTalk(false);
    controls.setTurnMode('server_vad');
    expect(muted.at(-1)).toBe(false);
  });
});
