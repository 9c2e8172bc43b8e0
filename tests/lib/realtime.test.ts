import { describe, expect, it } from 'vitest';
import {
  buildClientSecretRequest,
  buildSession,
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
