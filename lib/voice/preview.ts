/**
 * Voice preview: hear a voice before choosing it. No recordings ship with Hark (their licence
 * would bind the extension); instead a short call to the configured server, with the chosen voice
 * and no microphone, asks for one reply that reads a fixed sample sentence. It is a real (billed)
 * reply of a few seconds, which the options page says next to the button.
 *
 * The worker mints the ephemeral key under the same origin rules as a conversation (the long-lived
 * secret never leaves it); the options page holds the call, and checks `callsUrl` against the
 * origins the worker allowed before the key goes anywhere. This module is the pure part.
 */
import type { SessionOptions, RealtimeClientEvent, ServerEvent } from '@/lib/realtime/protocol';
import { VOICES } from '@/lib/settings';
import type { SessionError } from '@/lib/errors';

/** A preview that has not finished playing by then is ended (a stuck server must not hold the call). */
export const PREVIEW_TIMEOUT_MS = 20_000;

/** What the worker answers to `bg:previewVoice`. */
export type PreviewMint =
  | { ok: true; ephemeralKey: string; callsUrl: string; trustedOrigins: string[] }
  | { ok: false; error: SessionError };

/** Only a known voice is minted for: the message comes from a page, its value is checked here. */
export const isPreviewVoice = (voice: unknown): voice is string => typeof voice === 'string' && (VOICES as readonly string[]).includes(voice);

/** The session of a preview call: the voice and model of the saved settings, no transcription, no turns. */
export function previewSessionOptions(settings: { model: string; speed: number }, voice: string): SessionOptions {
  return {
    model: settings.model,
    voice,
    speed: settings.speed,
    instructions: 'You read sample sentences aloud for a voice preview. Say exactly the sentence you are given, nothing else.',
    transcriptionModel: null,
    turnDetection: 'manual',
  };
}

/** The one reply a preview asks for: `sentence` read aloud, in the UI's language. */
export function previewResponse(sentence: string): RealtimeClientEvent {
  return {
    type: 'response.create',
    response: { instructions: `Read this sentence aloud, exactly, in a warm and natural tone: "${sentence}"` },
  };
}

/**
 * What a server event means for a preview: `done` when the reply's audio has finished playing
 * (WebRTC's `output_audio_buffer.stopped`), `failed` on an error or a reply that did not complete.
 */
export function previewStep(e: ServerEvent): 'done' | 'failed' | null {
  if (e.type === 'output_audio_buffer.stopped') return 'done';
  if (e.type === 'error') return 'failed';
  if (e.type === 'response.done') {
    const status = e.response.status;
    return status && status !== 'completed' ? 'failed' : null;
  }
  return null;
}
