// @vitest-environment node
/**
 * Server events a real session produces that the deterministic server only sends when a test
 * asks (control-scripts.mjs), and responses shaped by `response.create` parameters: a scripted
 * function call and its follow-up, `rate_limits.updated` with given numbers, a failed input
 * transcription, a commit of too little audio, response instructions and text-only output.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { AudioSender, type Client, connect, type Json, mintKey, pcmFrames, postJson } from './helpers';

type Server = Awaited<ReturnType<typeof createRealtimeServer>>;

const SESSION = { type: 'realtime', instructions: 'You are Hark.\n\nPage title: "Tide Pools"' };
const FAST = { deltaMs: 2, wordMs: 30 };
const PUSH_TO_TALK = { type: 'realtime', audio: { input: { turn_detection: null, transcription: { model: 'gpt-4o-mini-transcribe' } } } };

describe('local realtime server: scripted events', () => {
  let server: Server;
  const clients: Client[] = [];
  const open = async (session: Json = SESSION) => {
    const client = await connect(server.url, await mintKey(server.url, session));
    clients.push(client);
    await client.events.waitFor('session.created');
    return client;
  };
  const control = async (route: string, body: Json) => {
    const { res, json } = await postJson(`${server.url}/_control/${route}`, body, null);
    return { status: res.status, json: json as Json };
  };
  /** Sends and waits for the response.done of the response it starts; returns the events in between. */
  const respond = async (c: Client, event: Json = { type: 'response.create' }) => {
    const from = c.events.events.length;
    c.send(event);
    const done = await c.events.waitFor('response.done', { from });
    return { done, events: c.events.events.slice(from, c.events.events.indexOf(done) + 1) };
  };

  beforeAll(async () => {
    server = await createRealtimeServer({ control: true, timing: FAST });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('function call: the full event sequence, the output recorded, the follow-up quotes it', async () => {
    const c = await open();
    const args = { heading: 'Where tide pools form' };
    expect((await control('function-call', { name: 'read_page_section', arguments: args, callId: c.callId })).status).toBe(200);
    const { done, events } = await respond(c);
    const types = events.map((e) => e.type).filter((t) => t !== 'response.function_call_arguments.delta');
    expect(types).toEqual([
      'response.created', 'rate_limits.updated', 'response.output_item.added', 'conversation.item.added',
      'response.function_call_arguments.done', 'response.output_item.done', 'conversation.item.done', 'response.done',
    ]);
    const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.delta).join('')).toBe(JSON.stringify(args));
    const item = done.response.output[0];
    expect(item).toMatchObject({ type: 'function_call', status: 'completed', name: 'read_page_section', arguments: JSON.stringify(args) });
    expect(item.call_id).toMatch(/^call_/);
    expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({ call_id: item.call_id, name: 'read_page_section' });
    expect(done.response.status).toBe('completed');
    expect(events.some((e) => e.type.startsWith('response.output_audio') || e.type === 'output_audio_buffer.started')).toBe(false);

    const output = JSON.stringify({ text: 'Tide pools form on rocky shores.' });
    c.send({ type: 'conversation.item.create', event_id: 'evt_out', item: { type: 'function_call_output', call_id: item.call_id, output } });
    const followUp = await respond(c);
    expect(followUp.done.response.output[0].content[0].transcript).toBe(`The tool read_page_section returned: ${output}. You are on the page "Tide Pools".`);

    const res = await fetch(`${server.url}/_control/function-outputs?callId=${c.callId}`);
    const body = (await res.json()) as Json;
    expect(body.outputs).toMatchObject([{ callId: c.callId, type: 'function_call_output', call_id: item.call_id, output }]);
  });

  it('rate limits: given numbers sent at once and on the next responses; null computes them again', async () => {
    const c = await open();
    const limits = [{ name: 'tokens', limit: 40000, remaining: 1200, reset_seconds: 31.5 }];
    const from = c.events.events.length;
    await control('rate-limits', { rate_limits: limits, callId: c.callId });
    expect((await c.events.waitFor('rate_limits.updated', { from })).rate_limits).toEqual(limits);
    const { events } = await respond(c);
    expect(events.find((e) => e.type === 'rate_limits.updated')!.rate_limits).toEqual(limits);
    await control('rate-limits', { rate_limits: null, callId: c.callId });
    const again = await respond(c);
    expect(again.events.find((e) => e.type === 'rate_limits.updated')!.rate_limits[0].remaining).toBeGreaterThan(30000);
    expect((await control('rate-limits', { rate_limits: [{ name: 'tokens', remaining: 1 }] })).status).toBe(400);
  });

  it('transcription failure: the turn is committed, its transcription fails with the given error', async () => {
    const c = await open({ ...SESSION, ...PUSH_TO_TALK });
    await control('transcription-failure', { code: 'audio_unintelligible', callId: c.callId });
    const audio = new AudioSender(c.mic);
    await audio.send([...pcmFrames('voice', 400), ...pcmFrames('silence', 200)]);
    audio.close();
    c.send({ type: 'input_audio_buffer.commit' });
    const committed = await c.events.waitFor('input_audio_buffer.committed');
    await respond(c);
    const failed = await c.events.waitFor('conversation.item.input_audio_transcription.failed');
    expect(failed).toMatchObject({
      item_id: committed.item_id,
      content_index: 0,
      error: { type: 'transcription_error', code: 'audio_unintelligible', message: 'The audio could not be transcribed.', param: null },
    });
    expect(c.events.types()).not.toContain('conversation.item.input_audio_transcription.completed');
  });

  it('commit: under 100 ms of audio is input_audio_buffer_commit_empty; 100 ms of silence commits', async () => {
    const c = await open({ ...SESSION, ...PUSH_TO_TALK });
    const audio = new AudioSender(c.mic);
    await audio.send(pcmFrames('silence', 60));
    c.send({ type: 'input_audio_buffer.commit', event_id: 'evt_short' });
    const err = await c.events.waitFor('error');
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', event_id: 'evt_short' });
    expect(err.error.message).toMatch(/Expected at least 100ms of audio, but buffer only has \d+\.\d\dms of audio\./);

    await audio.send(pcmFrames('silence', 300));
    audio.close();
    c.send({ type: 'input_audio_buffer.commit', event_id: 'evt_silent' });
    const committed = await c.events.waitFor('input_audio_buffer.committed');
    const done = await c.events.waitFor('conversation.item.input_audio_transcription.completed', { pred: (e) => e.item_id === committed.item_id, timeoutMs: 2000 });
    expect(done.transcript).toBe(''); // silence transcribes to nothing
  });

  it('response.create with instructions replies; output_modalities text streams text only', async () => {
    const c = await open();
    const greeting = await respond(c, { type: 'response.create', response: { instructions: 'Greet the user.\nPage title: "Tide Pools"' } });
    expect(greeting.done.response.status).toBe('completed');
    expect(greeting.done.response.output[0].content[0].transcript).toBe('Hello! You are on the page "Tide Pools".');

    const text = await respond(c, { type: 'response.create', response: { output_modalities: ['text'] } });
    const types = text.events.map((e) => e.type);
    expect(types).toContain('response.output_text.delta');
    expect(types).toContain('response.output_text.done');
    expect(types.some((t) => t.startsWith('response.output_audio'))).toBe(false);
    expect(types).not.toContain('output_audio_buffer.started');
    expect(text.done.response.output_modalities).toEqual(['text']);
    expect(text.done.response.output[0].content[0]).toMatchObject({ type: 'output_text', text: 'Hello! You are on the page "Tide Pools".' });
    expect(text.events.find((e) => e.type === 'response.content_part.added')?.part).toEqual({ type: 'text', text: '' });
  });
});
