import { describe, expect, it } from 'vitest';
import { isPreviewVoice, previewResponse, previewSessionOptions, previewStep } from '@/lib/voice/preview';
import { buildSession, parseServerEvent } from '@/lib/realtime/protocol';

const ev = (e: object) => parseServerEvent(JSON.stringify(e));

describe('voice preview', () => {
  it('mints only for a known voice (the message comes from a page)', () => {
    expect(isPreviewVoice('verse')).toBe(true);
    for (const bad of ['', 'VERSE', 'verse ', '__proto__', 42, null, undefined, { id: 'verse' }]) expect(isPreviewVoice(bad), String(bad)).toBe(false);
  });

  it('asks for a session with the voice, the saved model and speed, no transcription and no turn detection', () => {
    const session = buildSession(previewSessionOptions({ model: 'gpt-realtime-mini', speed: 1.2 }, 'ash'));
    expect(session.model).toBe('gpt-realtime-mini');
    expect(session.audio?.output).toEqual({ voice: 'ash', speed: 1.2 });
    expect(session.audio?.input?.turn_detection).toBeNull();
    expect(session.audio?.input).not.toHaveProperty('transcription');
  });

  it('asks for exactly one reply that reads the sentence', () => {
    const e = previewResponse('Hallo, ich bin ash.');
    expect(e.type).toBe('response.create');
    expect(e.type === 'response.create' && e.response?.instructions).toContain('"Hallo, ich bin ash."');
  });

  it('is done when the audio stopped, failed on an error or an unfinished reply, and waits otherwise', () => {
    expect(previewStep(ev({ type: 'output_audio_buffer.stopped', response_id: 'r' }))).toBe('done');
    expect(previewStep(ev({ type: 'error', error: { type: 'invalid_request_error', message: 'no' } }))).toBe('failed');
    expect(previewStep(ev({ type: 'response.done', response: { status: 'failed' } }))).toBe('failed');
    expect(previewStep(ev({ type: 'response.done', response: { status: 'completed' } }))).toBeNull();
    expect(previewStep(ev({ type: 'response.output_audio.delta' }))).toBeNull();
    expect(previewStep(ev({ type: 'session.created' }))).toBeNull();
  });
});
