// @vitest-environment node
/**
 * Real WebRTC round trips against the local Realtime server, with werift as the client in
 * place of Chrome: session setup, a typed turn, a voice turn (Opus RTP → VAD → reply),
 * barge-in, push-to-talk, bad input, and the control API.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { AudioSender, type Client, connect, decodedLevel, indexOf, type Json, mintKey, pcmFrames, postJson } from './helpers';

type Server = Awaited<ReturnType<typeof createRealtimeServer>>;

const INSTRUCTIONS = 'You are Hark.\n\nPage title: Example Domain\nPage URL: https://example.com/';
const SESSION = { type: 'realtime', model: 'gpt-realtime', instructions: INSTRUCTIONS };

/** The §6B event order from the user's committed item to the end of playback. */
const RESPONSE_TAIL = [
  'response.output_audio.done',
  'response.output_audio_transcript.done',
  'response.content_part.done',
  'response.output_item.done',
  'conversation.item.done',
  'response.done',
];

describe('local realtime server: WebRTC', () => {
  let server: Server;
  const clients: Client[] = [];
  const open = async (session: Json = SESSION, target = server) => {
    const client = await connect(target.url, await mintKey(target.url, session));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await createRealtimeServer({ control: true });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('typed turn: session.created/updated, then the full response sequence with audio', async () => {
    const c = await open();
    const created = await c.events.waitFor('session.created');
    expect(c.events.events[0].type).toBe('session.created');
    expect(created.event_id).toMatch(/^event_[0-9A-Za-z]{21}$/);
    expect(created.session).toMatchObject({ object: 'realtime.session', instructions: INSTRUCTIONS, model: 'gpt-realtime' });

    c.send({ type: 'session.update', event_id: 'evt_upd', session: { type: 'realtime', audio: { output: { voice: 'marin' } } } });
    const updated = await c.events.waitFor('session.updated');
    expect(updated.session.audio.output.voice).toBe('marin');
    expect(updated.session.instructions).toBe(INSTRUCTIONS); // only fields present change

    const from = c.events.events.length;
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } });
    c.send({ type: 'response.create' });
    const done = await c.events.waitFor('response.done', { from });
    await c.events.waitFor('output_audio_buffer.stopped', { from, timeoutMs: 6000 });

    const events = c.events.events.slice(from);
    const types = events.map((e: Json) => e.type);
    const expected = 'You said: "hi". You are on the page "Example Domain".';
    const deltas = events.filter((e: Json) => e.type === 'response.output_audio_transcript.delta');
    expect(deltas.map((d: Json) => d.delta).join('')).toBe(expected);
    expect(deltas.length).toBe(expected.split(' ').length);
    for (const d of deltas) expect(typeof d.obfuscation).toBe('string');

    // Opening: user item, then the response in §6B order; audio starts after the first delta.
    expect(types.slice(0, 8)).toEqual([
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio_transcript.delta',
    ]);
    expect(types[8]).toBe('output_audio_buffer.started');
    expect(types.slice(-7)).toEqual([...RESPONSE_TAIL, 'output_audio_buffer.stopped']);
    expect(events[0].item).toMatchObject({ role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'hi' }] });
    expect(events[6].part).toEqual({ type: 'audio', transcript: '' });
    expect(done.response).toMatchObject({
      status: 'completed',
      output: [{ role: 'assistant', status: 'completed', content: [{ type: 'output_audio', transcript: expected }] }],
      audio: { output: { voice: 'marin' } },
    });
    expect(done.response.usage.total_tokens).toBe(done.response.usage.input_tokens + done.response.usage.output_tokens);

    // Audio came as Opus RTP, ~180 ms per word, clearly not silent.
    expect(c.received.packets).toBeGreaterThanOrEqual(deltas.length * 9 - 2);
    expect(c.received.markers).toBe(1);
    expect(decodedLevel(c.received.payloads)).toBeGreaterThan(0.05);

    const call = server.state.calls.find((s: Json) => s.id === c.callId);
    expect(call.clientEvents.map((e: Json) => e.type)).toEqual(['session.update', 'conversation.item.create', 'response.create']);
    expect(call.sessionHistory).toHaveLength(2);
    expect(call.audioOut.packets).toBe(c.received.packets);
  });

  it('voice turn: Opus speech then silence → VAD events, reply, transcription after response.created', async () => {
    const c = await open({ ...SESSION, audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } });
    await c.events.waitFor('session.created');
    const audio = new AudioSender(c.mic);
    await audio.send([...pcmFrames('silence', 400), ...pcmFrames('voice', 800), ...pcmFrames('silence', 700)]);
    const stopped = await c.events.waitFor('input_audio_buffer.speech_stopped');
    await c.events.waitFor('response.done');
    audio.close();

    const events = c.events.events;
    const started = events[indexOf(events, 'input_audio_buffer.speech_started')];
    const userId = started.item_id;
    // Speech began at 400 ms; the real API reports it minus prefix_padding_ms (300).
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(80);
    expect(started.audio_start_ms).toBeLessThanOrEqual(140);
    // …and the end as last voiced audio (≈1200 ms) + silence_duration_ms (500).
    expect(stopped.audio_end_ms).toBeGreaterThanOrEqual(1660);
    expect(stopped.audio_end_ms).toBeLessThanOrEqual(1760);
    expect(stopped.item_id).toBe(userId);

    const at = (type: string, pred?: (e: Json) => boolean) => indexOf(events, type, pred);
    const order = [
      at('input_audio_buffer.speech_started'),
      at('input_audio_buffer.speech_stopped'),
      at('input_audio_buffer.committed', (e) => e.item_id === userId),
      at('conversation.item.added', (e) => e.item.id === userId),
      at('conversation.item.done', (e) => e.item.id === userId),
      at('response.created'),
      at('conversation.item.input_audio_transcription.completed'),
      at('response.done'),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(at('conversation.item.input_audio_transcription.delta')).toBeGreaterThan(at('response.created'));

    const userItem = events[at('conversation.item.added', (e) => e.item.id === userId)].item;
    expect(userItem).toMatchObject({ role: 'user', content: [{ type: 'input_audio', transcript: null }] });
    const transcript = events[at('conversation.item.input_audio_transcription.completed')].transcript;
    expect(transcript).toMatch(/^\(spoken audio, 0\.[789] s\)$/);
    const reply = events[at('response.output_audio_transcript.done')].transcript;
    expect(reply).toBe(`You said: "${transcript}". You are on the page "Example Domain".`);

    const call = server.state.calls.find((s: Json) => s.id === c.callId);
    expect(call.rtp.packets).toBeGreaterThanOrEqual(90); // 95 sent over loopback UDP
    expect(call.rtp.packets).toBeLessThanOrEqual(95);
    expect(call.rtp.decodeErrors).toBe(0);
    expect(call.turns[0]).toMatchObject({ itemId: userId, transcript });
  });

  it('barge-in: speech during a response cancels it (turn_detected) and clears the audio', async () => {
    // Slow transcript deltas keep the response generating while the user talks over it.
    const slow = await createRealtimeServer({ timing: { deltaMs: 150 }, transcript: ({ turn }) => `turn ${turn}` });
    try {
      const c = await open(SESSION, slow);
      const audio = new AudioSender(c.mic);
      await audio.send([...pcmFrames('voice', 300), ...pcmFrames('silence', 600)]);
      await c.events.waitFor('output_audio_buffer.started');
      const from = c.events.events.length;
      await audio.send(pcmFrames('voice', 200));
      const cancelled = await c.events.waitFor('response.done', { from });
      await c.events.waitFor('output_audio_buffer.cleared', { from });
      audio.close();

      expect(cancelled.response.status).toBe('cancelled');
      expect(cancelled.response.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' });
      const types = c.events.types(from);
      expect(types.indexOf('input_audio_buffer.speech_started')).toBeLessThan(types.indexOf('response.done'));
      expect(types.indexOf('response.done')).toBeLessThan(types.indexOf('output_audio_buffer.cleared'));
      expect(types).not.toContain('output_audio_buffer.stopped');
    } finally {
      await slow.close();
    }
  });

  it('max_output_tokens cuts the reply (response.done incomplete); a second response.create meanwhile is refused', async () => {
    const c = await open();
    await c.events.waitFor('session.created');
    const from = c.events.events.length;
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'tell me a long story' }] } });
    c.send({ type: 'response.create', response: { max_output_tokens: 20 } });
    c.send({ type: 'response.create', event_id: 'evt_second' });
    const refused = await c.events.waitFor('error', { from });
    expect(refused.error).toMatchObject({ code: 'conversation_already_has_active_response', event_id: 'evt_second', param: null });
    expect(refused.error.message).toMatch(/^Conversation already has an active response in progress: resp_/);
    const done = await c.events.waitFor('response.done', { from });
    expect(done.response).toMatchObject({ status: 'incomplete', status_details: { type: 'incomplete', reason: 'max_output_tokens' }, max_output_tokens: 20 });
    const said = done.response.output[0].content[0].transcript as string;
    const full = 'You said: "tell me a long story". You are on the page "Example Domain".';
    expect(said.length).toBeGreaterThan(0);
    expect(said.length).toBeLessThan(full.length);
    expect(full.startsWith(said)).toBe(true);
    expect(done.response.output[0].status).toBe('incomplete');

    c.send({ type: 'response.create', event_id: 'evt_bad', response: { max_output_tokens: 0 } });
    const bad = await c.events.waitFor('error', { from, pred: (e) => e.error.event_id === 'evt_bad' });
    expect(bad.error).toMatchObject({ code: 'invalid_value', param: 'response.max_output_tokens' });
  });

  it('push-to-talk: turn_detection null, commit, response.create; empty commit is an error', async () => {
    const c = await open();
    await c.events.waitFor('session.created');
    c.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
    expect((await c.events.waitFor('session.updated')).session.audio.input.turn_detection).toBeNull();

    c.send({ type: 'input_audio_buffer.commit', event_id: 'evt_empty' });
    const empty = await c.events.waitFor('error');
    expect(empty.error).toMatchObject({ code: 'input_audio_buffer_commit_empty', event_id: 'evt_empty' });

    const audio = new AudioSender(c.mic);
    await audio.send([...pcmFrames('voice', 400), ...pcmFrames('silence', 200)]);
    audio.close();
    c.send({ type: 'input_audio_buffer.commit' });
    c.send({ type: 'response.create' });
    const done = await c.events.waitFor('response.done');
    const types = c.events.types();
    expect(types).not.toContain('input_audio_buffer.speech_started');
    expect(types.indexOf('input_audio_buffer.committed')).toBeLessThan(types.indexOf('response.created'));
    expect(done.response.output[0].content[0].transcript).toMatch(/^You said: "\(spoken audio, 0\.4 s\)"/);
  });

  it('bad client input gets error events and never kills the session', async () => {
    const c = await open();
    await c.events.waitFor('session.created');
    let from = 0;
    const nextError = async () => {
      const e = await c.events.waitFor('error', { from });
      from = c.events.events.indexOf(e) + 1;
      return e.error;
    };

    c.sendRaw('{not json');
    expect(await nextError()).toMatchObject({ type: 'invalid_request_error', code: 'invalid_event' });
    c.send({ type: 'no.such.event', event_id: 'evt_1' });
    expect(await nextError()).toMatchObject({ code: 'invalid_value', param: 'type', event_id: 'evt_1' });
    c.send({ event_id: 'evt_2' });
    expect(await nextError()).toMatchObject({ code: 'invalid_event', message: "The 'type' field is missing." });
    c.send({ type: 'session.update', event_id: 'evt_3', session: { type: 'realtime', voice: 'alloy', turn_detection: null } });
    expect(await nextError()).toMatchObject({ code: 'unknown_parameter', param: 'session.voice', event_id: 'evt_3' });
    c.send({ type: 'session.update', event_id: 'evt_4', session: { instructions: 'x' } });
    expect(await nextError()).toMatchObject({ code: 'missing_required_parameter', param: 'session.type', event_id: 'evt_4' });
    c.send({ type: 'response.cancel', event_id: 'evt_5' });
    expect(await nextError()).toMatchObject({ code: 'response_cancel_not_active', event_id: 'evt_5' });
    c.send({ type: 'response.create' });
    c.send({ type: 'response.create', event_id: 'evt_6' });
    expect(await nextError()).toMatchObject({ code: 'conversation_already_has_active_response', event_id: 'evt_6' });
    c.send({ type: 'response.cancel', event_id: 'evt_7' });
    const cancelled = await c.events.waitFor('response.done');
    expect(cancelled.response.status_details).toEqual({ type: 'cancelled', reason: 'client_cancelled' });

    c.sendRaw(JSON.stringify({ type: 'conversation.item.create', padding: 'x'.repeat(1_100_000) }));
    expect((await nextError()).message).toMatch(/too large/);

    // Still alive and well.
    c.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Page title: Still Here' } });
    expect((await c.events.waitFor('session.updated')).session.instructions).toBe('Page title: Still Here');
    const call = server.state.calls.find((s: Json) => s.id === c.callId);
    expect(call.closed).toBe(false);
    expect(call.clientEvents.at(-2)).toMatchObject({ _oversized: true });
  }, 10_000);

  it('control API: say speaks verbatim; drop closes the call', async () => {
    const c = await open();
    await c.events.waitFor('session.created');
    const said = await postJson(`${server.url}/_control/say`, { text: 'Hello from the test.', callId: c.callId }, null);
    expect(said.res.status).toBe(200);
    const done = await c.events.waitFor('response.done');
    expect(done.response.id).toBe(said.json!.responseId);
    expect(done.response.output[0].content[0].transcript).toBe('Hello from the test.');

    const closed = new Promise<void>((resolve) => c.dc.stateChanged.subscribe((s) => s === 'closed' && resolve()));
    const dropped = await postJson(`${server.url}/_control/drop`, {}, null);
    expect(dropped.json!.dropped).toContain(c.callId);
    await closed;
    expect(server.state.calls.find((s: Json) => s.id === c.callId)).toMatchObject({ closed: true, closedReason: 'dropped' });

    // 'silent' leaves the client to find out by itself (ICE timeouts): its channel stays open here.
    const quiet = await open();
    await postJson(`${server.url}/_control/drop`, { callId: quiet.callId, mode: 'silent' }, null);
    expect(server.state.calls.find((s: Json) => s.id === quiet.callId)).toMatchObject({ closed: true, closedReason: 'dropped_silently' });
    expect(quiet.dc.readyState).toBe('open');
  });

  it('sends session_expired and hangs up after maxSessionMs', async () => {
    const short = await createRealtimeServer({ maxSessionMs: 1000 });
    try {
      const c = await open(SESSION, short);
      const created = await c.events.waitFor('session.created');
      expect(created.session.expires_at).toBeGreaterThan(0);
      const expired = await c.events.waitFor('error', { timeoutMs: 3000 });
      expect(expired.error).toMatchObject({ code: 'session_expired', message: 'Your session hit the maximum duration of 1 second.' });
      await expect.poll(() => short.state.calls[0].closed, { timeout: 2000 }).toBe(true);
      expect(short.state.calls[0].closedReason).toBe('session_expired');
    } finally {
      await short.close();
    }
  });
});
