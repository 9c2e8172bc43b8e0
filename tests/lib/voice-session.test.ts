import { describe, expect, it } from 'vitest';
import { sessionError } from '@/lib/errors';
import { CONNECT_TIMEOUT_MS } from '@/lib/voice/link';
import { gapNotice } from '@/lib/voice/session';
import {
  assistantDelta,
  assistantDone,
  audioStarted,
  itemAdded,
  responseCreated,
  responseDone,
  serverError,
  sessionCreated,
  sessionUpdated,
  speechStarted,
  transcriptionCompleted,
  userAudioItem,
} from '../fixtures/realtime-events';
import { INSTRUCTIONS, voiceSetup } from '../fakes/voice-setup';

const lost = sessionError('network', 'The connection to the Realtime server was lost.');

describe('voice session: connect and live', () => {
  it('configures the session when the channel opens and is live only once the server confirms', () => {
    const s = voiceSetup();
    s.voice.connect(s.request(1));
    const t = s.transports[0]!;
    t.open();
    expect(t.sent[0]).toMatchObject({ type: 'session.update', event_id: 'hark_session_update' });
    expect(s.kinds()).toEqual([]);
    t.server(sessionCreated({ instructions: 'the server default' }));
    expect(s.kinds()).toEqual([]);
    t.server(itemAdded({ id: 'x', type: 'message', role: 'user', content: [] }) as never);
    t.server(sessionUpdated({ instructions: INSTRUCTIONS }));
    expect(s.connection).toEqual([{ attempt: 1, event: { kind: 'live' } }]);
    expect(t.watching).toBe(true);
  });

  it('a session minted with the settings is live at session.created (no round trip)', () => {
    const s = voiceSetup();
    s.voice.connect(s.request(1));
    s.transports[0]!.open();
    s.transports[0]!.server(sessionCreated({ instructions: INSTRUCTIONS }));
    expect(s.kinds()).toEqual(['live']);
  });

  it('a handshake that never finishes fails after the connect timeout, once, and closes the transport', () => {
    const s = voiceSetup();
    s.voice.connect(s.request(1));
    s.clock.advance(CONNECT_TIMEOUT_MS - 1);
    expect(s.kinds()).toEqual([]);
    s.clock.advance(1);
    expect(s.connection).toEqual([{ attempt: 1, event: { kind: 'failed', error: expect.objectContaining({ reason: 'network' }) } }]);
    expect(s.transports[0]!.closed).toBe(true);
    s.transports[0]!.lose(lost);
    expect(s.connection).toHaveLength(1);
  });

  it('a refused session.update ends the attempt with a protocol error', () => {
    const s = voiceSetup();
    s.voice.connect(s.request(1));
    s.transports[0]!.open();
    s.transports[0]!.server(serverError('invalid_value', 'bad voice', 'hark_session_update'));
    expect(s.connection[0]!.event).toMatchObject({ kind: 'failed', error: { reason: 'protocol' } });
  });
});

describe('voice session: server events become reports', () => {
  it('a spoken turn and its reply reach the side panel in conversation order, with activity, and are checkpointed when final', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server(speechStarted('u1'));
    t.server(userAudioItem('u1'));
    t.server(responseCreated('resp_1'));
    t.server(assistantDelta('a1', 'It takes ', 'resp_1'));
    t.server(transcriptionCompleted('u1', 'How long does defrosting take?'));
    t.server(audioStarted('resp_1'));
    t.server(assistantDone('a1', 'It takes an hour.', 'resp_1'));
    expect(s.rows().map((m) => [m.role, m.text, m.final])).toEqual([
      ['user', 'How long does defrosting take?', true],
      ['assistant', 'It takes an hour.', true],
    ]);
    expect(s.kinds()).toEqual(['live', 'activity', 'activity']);
    expect(s.messages.at(-1)).toMatchObject({ message: { id: 'a1' }, afterId: 'u1' });
    expect(s.checkpoints).toHaveLength(0);
    s.clock.advance(0);
    // Finals of one batch go in one checkpoint.
    expect(s.checkpoints).toHaveLength(1);
    expect(s.checkpoints[0]!.transcript.order).toEqual(['u1', 'a1']);
  });

  it('a failed reply and a server error are shown as notices; a malformed frame is ignored', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server('{not json');
    t.server({ type: 'response.done', response: 'not an object' });
    t.server(responseDone('r1', 'failed', [], { status_details: { type: 'failed', error: { code: 'server_error' } } }));
    t.server(serverError('rate_limit_exceeded'));
    expect(s.rows().map((m) => m.role)).toEqual(['notice', 'notice']);
    expect(s.kinds()).toEqual(['live']);
  });
});

describe('voice session: drop, retry, stop', () => {
  it('a live link that drops is reported as dropped; the retry fires after its delay, or at once when back online', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.lose(lost);
    expect(s.connection.at(-1)).toEqual({ attempt: 1, event: { kind: 'dropped', error: lost } });
    s.voice.scheduleRetry({ attempt: 2, delayMs: 1000 });
    s.clock.advance(999);
    expect(s.retries).toEqual([]);
    s.clock.advance(1);
    expect(s.retries).toEqual([2]);
    s.voice.scheduleRetry({ attempt: 3, delayMs: 8000 });
    s.voice.online();
    expect(s.retries).toEqual([2, 3]);
    s.clock.advance(10_000);
    expect(s.retries).toEqual([2, 3]);
  });

  it('offline drops the link at once; a retry due while offline waits for online', () => {
    const s = voiceSetup();
    s.connectLive(1);
    s.voice.offline();
    expect(s.connection.at(-1)!.event).toMatchObject({ kind: 'dropped', error: { reason: 'network' } });
    s.setOnline(false);
    s.voice.scheduleRetry({ attempt: 2, delayMs: 100 });
    s.clock.advance(100);
    expect(s.retries).toEqual([]);
    s.setOnline(true);
    s.voice.online();
    expect(s.retries).toEqual([2]);
  });

  it('an unreachable server is watched: it answering again fires the retry and stops the watch', () => {
    const s = voiceSetup();
    s.voice.scheduleRetry({ attempt: 2, delayMs: 4000, watchOrigin: 'https://api.openai.com' });
    s.reachable[0]!();
    expect(s.retries).toEqual([2]);
    expect(s.counts.stoppedWatching).toBe(1);
  });

  it('stop hangs up, hands back the transcript, keeps none of it, and nothing of the old link reports again', async () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server(userAudioItem('u1'));
    t.server(transcriptionCompleted('u1', 'hello'));
    s.voice.scheduleRetry({ attempt: 2, delayMs: 1000 });
    const { transcript } = await s.voice.disconnect(1500);
    expect(transcript.order).toEqual(['u1']);
    expect(t.hungUp).toBe(true);
    expect(s.voice.transcript().order).toEqual([]);
    expect(s.voice.attempt()).toBeNull();
    const before = s.connection.length;
    t.lose(lost);
    s.clock.advance(60_000);
    expect(s.connection).toHaveLength(before);
    expect(s.retries).toEqual([]);
  });

  it('standby calls standbyOver when its time is up, unless a connect comes first', () => {
    const s = voiceSetup();
    s.voice.standby(5000);
    s.clock.advance(5000);
    expect(s.counts.standbyOver).toBe(1);
    s.voice.standby(5000);
    s.connectLive(1);
    s.clock.advance(10_000);
    expect(s.counts.standbyOver).toBe(1);
  });

  it('ends the session after the idle time with a notice; talking restarts the clock', () => {
    const s = voiceSetup();
    const t = s.connectLive(1, { idleTimeoutMs: 60_000 });
    s.clock.advance(59_000);
    t.server(speechStarted('u1'));
    s.clock.advance(59_000);
    expect(s.counts.stop).toBe(0);
    s.clock.advance(1_000);
    expect(s.counts.stop).toBe(1);
    expect(s.rows().at(-1)).toMatchObject({ role: 'notice', text: expect.stringContaining('1 min of silence') });
  });
});

describe('voice session: one response at a time', () => {
  it('a typed message during an active reply is sent at once and answered when that reply is done', () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server(responseCreated('r1'));
    expect(s.voice.sendText('  and the fridge?  ')).toEqual({ ok: true });
    expect(t.types().filter((x) => x === 'response.create')).toHaveLength(0);
    expect(s.rows().at(-1)).toMatchObject({ role: 'user', text: 'and the fridge?', unsent: true });
    t.server(responseDone('r1'));
    expect(t.types().filter((x) => x === 'response.create')).toHaveLength(1);
  });

  it('refuses to send when not connected, and refuses an empty message', () => {
    const s = voiceSetup();
    expect(s.voice.sendText('hello')).toMatchObject({ ok: false, error: { reason: 'network' } });
    s.connectLive(1);
    expect(s.voice.sendText('   ')).toMatchObject({ ok: false });
  });
});

describe('voice session: checkpoint and replay after a reconnect', () => {
  it('replays recent turns into the new session, marks the gap, answers an unanswered typed message, and keeps echoes in place', () => {
    const s = voiceSetup();
    const t1 = s.connectLive(1);
    t1.server(userAudioItem('u1'));
    t1.server(transcriptionCompleted('u1', 'hello'));
    t1.server(assistantDone('a1', 'Hi there.'));
    expect(s.voice.sendText('what next?')).toEqual({ ok: true });
    t1.lose(lost);
    const t2 = s.connectLive(2, { resume: true });
    const replay = t2.sent.filter((e) => e.type === 'conversation.item.create');
    expect(replay.map((e) => e.type === 'conversation.item.create' && e.item.id)).toEqual(['u1', 'a1', 'item_typed_1']);
    expect(t2.types().at(-1)).toBe('response.create');
    expect(s.rows().at(-1)).toMatchObject({ role: 'notice', text: gapNotice(), id: 'gap-2' });
    // The new session's echo of a replayed turn acknowledges it where it is.
    t2.server(itemAdded({ id: 'item_typed_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'what next?' }] }, 'a1'));
    expect(s.rows().map((m) => m.id)).toEqual(['u1', 'a1', 'item_typed_1', 'gap-2']);
    expect(s.voice.transcript().byId.item_typed_1!.unsent).toBeUndefined();
  });

  it('a new document resumes from the worker checkpoint', () => {
    const s = voiceSetup();
    const t1 = s.connectLive(1);
    t1.server(userAudioItem('u1'));
    t1.server(transcriptionCompleted('u1', 'kept across a crash'));
    s.clock.advance(0);
    const saved = s.checkpoints.at(-1)!.transcript;
    const fresh = voiceSetup();
    const t2 = fresh.connectLive(2, { resume: true, transcript: saved });
    expect(t2.sent.some((e) => e.type === 'conversation.item.create' && e.item.id === 'u1')).toBe(true);
    expect(fresh.rows().map((m) => m.id)).toEqual(['u1', 'gap-2']);
  });

  it('a fresh (not resumed) connect starts an empty conversation', () => {
    const s = voiceSetup();
    const t1 = s.connectLive(1);
    t1.server(userAudioItem('u1'));
    s.connectLive(2);
    expect(s.voice.transcript().order).toEqual([]);
  });
});
