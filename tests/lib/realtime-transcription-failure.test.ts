import { describe, expect, it } from 'vitest';
import { setLocale } from '@/lib/i18n';
import { transcriptionFailureNote, transcriptionFailureReason as reasonNote } from '@/lib/realtime/transcription-failure';
import { noteText } from '@/lib/ui/note-text';

// Notes (message keys + parameters), read as the English panel shows them.
setLocale('en');
const transcriptionFailureReason = (...a: Parameters<typeof reasonNote>) => noteText(reasonNote(...a));
const transcriptionFailureText = (...a: Parameters<typeof transcriptionFailureNote>) => noteText(transcriptionFailureNote(...a));

describe('transcription failure → a short reason', () => {
  it('the API reference example', () => {
    const error = { type: 'transcription_error', code: 'audio_unintelligible', message: 'The audio could not be transcribed.', param: null };
    expect(transcriptionFailureText(error)).toBe('(not transcribed: the words could not be made out)');
  });

  it.each([
    ['audio_too_short', 'there was too little speech'],
    ['insufficient_quota', 'the OpenAI account has no credit left'],
    ['rate_limit_exceeded', 'the transcription hit a rate limit'],
    ['model_not_found', 'the transcription model is not available: check the transcription model in Settings'],
    ['DeploymentNotFound', 'the transcription model is not available: check the transcription model in Settings'],
    ['server_error', 'the transcription service had a problem'],
    ['brand_new_code', 'the transcription failed (brand_new_code)'],
  ])('%s', (code, reason) => {
    expect(transcriptionFailureReason({ type: 'transcription_error', code })).toBe(reason);
  });

  it('falls back to the type, then to a plain line; never shows the server message', () => {
    expect(transcriptionFailureReason({ type: 'server_error' })).toBe('the transcription service had a problem');
    expect(transcriptionFailureText({ type: 'transcription_error', code: null, message: 'secret internals' })).toBe('(not transcribed: the transcription failed)');
    expect(transcriptionFailureText(null)).toBe('(not transcribed: the transcription failed)');
  });

  it('is rendered in German from the same note', () => {
    setLocale('de');
    try {
      expect(noteText(reasonNote({ code: 'audio_unintelligible' }))).toBe('die Worte waren nicht zu verstehen');
    } finally {
      setLocale('en');
    }
  });

  it('bounds and cleans a hostile code', () => {
    const text = transcriptionFailureText({ code: '<img src=x onerror=alert(1)>' + 'a'.repeat(200) + '\u202e' });
    expect(text).toMatch(/^\(not transcribed: the transcription failed \(imgsrcxonerroralert1a+…\)\)$/);
    expect(text.length).toBeLessThan(100);
  });
});
