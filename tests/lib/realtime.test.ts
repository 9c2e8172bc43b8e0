import { describe, expect, it } from 'vitest';
import {
  buildClientSecretRequest,
  buildSession,
  MAX_EVENT_CHARS,
  parseServerEvent,
  sessionUpdate,
  userTextMessage,
} from '@/lib/realtime/protocol';

const options = { model: 'gpt-realtime', voice: 'marin', instructions: 'Page title: Example' };

describe('session builders (GA shape)', () => {
  it('builds a GA session: type, nested audio config, transcription and server VAD', () => {
    const s = buildSession(options);
    expect(s.type).toBe('realtime');
    expect(s.model).toBe('gpt-realtime');
    expect(s.instructions).toBe('Page title: Example');
    expect(s.audio?.output?.voice).toBe('marin');
    expect(s.audio?.input?.transcription?.model).toBe('gpt-4o-mini-transcribe');
    expect(s.audio?.input?.turn_detection).toMatchObject({ type: 'server_vad', create_response: true });
    // No beta-only fields: GA rejects them with unknown_parameter.
    for (const beta of ['voice', 'modalities', 'turn_detection', 'input_audio_transcription', 'temperature']) {
      expect(s).not.toHaveProperty(beta);
    }
  });

  it('passes a transcription language only when one is set', () => {
    expect(buildSession(options).audio?.input?.transcription).not.toHaveProperty('language');
    expect(buildSession({ ...options, transcriptionLanguage: 'de' }).audio?.input?.transcription?.language).toBe('de');
  });

  it('mints short-lived client secrets anchored at creation', () => {
    const req = buildClientSecretRequest(options);
    expect(req.expires_after).toEqual({ anchor: 'created_at', seconds: 120 });
    expect(req.session).toEqual(buildSession(options));
  });

  it('session.update always carries type and never a model change', () => {
    const ev = sessionUpdate(buildSession(options));
    expect(ev.type).toBe('session.update');
    if (ev.type !== 'session.update') throw new Error('unreachable');
    expect(ev.session.type).toBe('realtime');
    expect(ev.session).not.toHaveProperty('model');
    expect((ev.session as { instructions?: string }).instructions).toBe('Page title: Example');
  });

  it('builds a typed user message', () => {
    expect(userTextMessage('hi')).toEqual({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
  });
});

describe('parseServerEvent', () => {
  it('parses GA events unchanged, extra fields kept', () => {
    const raw = JSON.stringify({ type: 'response.output_audio_transcript.delta', item_id: 'i', delta: 'Hi', obfuscation: 'x' });
    const r = parseServerEvent(raw);
    expect(r).toEqual({ ok: true, event: JSON.parse(raw) });
  });

  it.each([
    ['response.audio_transcript.delta', 'response.output_audio_transcript.delta'],
    ['response.audio_transcript.done', 'response.output_audio_transcript.done'],
    ['response.text.delta', 'response.output_text.delta'],
    ['response.audio.done', 'response.output_audio.done'],
    ['conversation.item.created', 'conversation.item.added'],
  ])('maps beta %s to GA %s', (beta, ga) => {
    const item = { id: 'i', type: 'message', role: 'user', content: [] };
    const r = parseServerEvent(JSON.stringify({ type: beta, item_id: 'i', item }));
    expect(r.ok && r.event.type).toBe(ga);
  });

  it.each([
    ['an item that is null', { type: 'conversation.item.added', item: null }],
    ['content that is not an array', { type: 'conversation.item.added', item: { id: 'i', content: {} } }],
    ['a content part that is null', { type: 'conversation.item.done', item: { id: 'i', content: [null] } }],
    ['a delta that is an object', { type: 'response.output_text.delta', item_id: 'i', delta: {} }],
    ['a transcript that is a number', { type: 'conversation.item.input_audio_transcription.completed', item_id: 'i', transcript: 5 }],
    ['no item_id', { type: 'response.output_audio_transcript.delta', delta: 'x' }],
    ['an id that aliases Object.prototype', { type: 'response.output_text.delta', item_id: 'constructor', delta: 'x' }],
    ['an item id "__proto__"', { type: 'conversation.item.added', item: { id: '__proto__', type: 'message' } }],
    ['a response that is null', { type: 'response.done', response: null }],
    ['response.output that is not a list', { type: 'response.done', response: { id: 'r', status: 'cancelled', output: 5 } }],
    ['an error that is a string', { type: 'error', error: 'boom' }],
    ['a session that is null', { type: 'session.created', session: null }],
  ])('refuses a known event with %s', (_what, event) => {
    const r = parseServerEvent(JSON.stringify(event));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^malformed /);
  });

  it('fills in a missing delta (beta servers omit it on empty chunks)', () => {
    const r = parseServerEvent(JSON.stringify({ type: 'response.text.delta', item_id: 'i' }));
    expect(r.ok && (r.event as { delta?: string }).delta).toBe('');
  });

  it.each([
    [42, 'frame is not text'],
    ['{not json', 'frame is not JSON'],
    ['null', 'event has no type'],
    ['[1,2]', 'event has no type'],
    ['{"type":7}', 'event has no type'],
    ['x'.repeat(MAX_EVENT_CHARS + 1), 'frame too large'],
  ])('refuses malformed frame %#', (raw, reason) => {
    const r = parseServerEvent(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('passes unknown event types through (callers ignore what they do not know)', () => {
    const r = parseServerEvent('{"type":"something.new","x":1}');
    expect(r.ok && r.event.type).toBe('something.new');
  });
});
