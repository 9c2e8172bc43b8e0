/** Which transcription model each mode's mint body carries (issue 16: Azure needs a deployment name). */
import { describe, expect, it } from 'vitest';
import { mintRequestInit, mintTarget, transcriptionModelFor } from '@/lib/connection';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import type { SessionOptions } from '@/lib/realtime/protocol';

const azure = (over: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  mode: 'azure',
  azureResourceUrl: 'https://res.openai.azure.com',
  azureDeployment: 'my-rt',
  ...over,
});

/** The session of the mint body, built the way mint.ts builds it for a session or a test. */
function mintedSession(s: Settings) {
  const r = mintTarget(s, 'key');
  if (!r.ok) throw new Error(r.error.message);
  const options: SessionOptions = { model: s.model, voice: 'marin', instructions: 'x', transcriptionLanguage: 'fr', transcriptionModel: transcriptionModelFor(s), speed: s.speed };
  return JSON.parse(mintRequestInit(r.target, options).body).session;
}

describe('transcription model per mode', () => {
  it('azure with a transcription deployment sends that deployment, never the OpenAI model id', () => {
    const session = mintedSession(azure({ azureTranscriptionDeployment: ' my-transcribe ' }));
    expect(session.model).toBe('my-rt');
    expect(session.audio.input.transcription).toEqual({ model: 'my-transcribe', language: 'fr' });
  });

  it('azure with off (or nothing set) sends no transcription at all', () => {
    for (const off of ['off', '', '  ']) {
      const session = mintedSession(azure({ azureTranscriptionDeployment: off, transcriptionModel: 'gpt-4o-transcribe' }));
      expect(session.audio.input).not.toHaveProperty('transcription');
      expect(session.audio.input.turn_detection).toMatchObject({ type: 'server_vad' });
    }
  });

  it('openai mode keeps the chosen OpenAI model (default gpt-4o-mini-transcribe) and ignores the Azure field', () => {
    const s = { ...DEFAULT_SETTINGS, azureTranscriptionDeployment: 'my-transcribe' };
    expect(mintedSession(s).audio.input.transcription).toEqual({ model: 'gpt-4o-mini-transcribe', language: 'fr' });
    expect(mintedSession({ ...s, transcriptionModel: 'whisper-1' }).audio.input.transcription.model).toBe('whisper-1');
    expect(mintedSession({ ...s, transcriptionModel: 'off' }).audio.input).not.toHaveProperty('transcription');
  });

  it('carries the output speed as GA audio.output.speed', () => {
    expect(mintedSession({ ...DEFAULT_SETTINGS, speed: 1.25 }).audio.output).toEqual({ voice: 'marin', speed: 1.25 });
  });
});
