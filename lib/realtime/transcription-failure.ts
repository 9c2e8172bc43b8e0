/**
 * `conversation.item.input_audio_transcription.failed` → a short reason for the user (issue 16:
 * "a transcription that fails shows why, not just 'untranscribed'").
 *
 * The event carries `error: { type, code, message, param }` (protocol doc §5.3; the reference's
 * example is `transcription_error` / `audio_unintelligible`). The model still heard the audio and
 * may answer it, so this is a note on the user's turn, not an error of the session. Known codes
 * get a reason a user can act on; an unknown one is shown by its code (bounded), never by the
 * server's free text, which may be long or not meant for users.
 */
import { record } from './shape';
import type { MessageKey } from '../i18n';
import { note, type Note } from './note';

const MAX_CODE = 40;

/** A server-chosen code made safe to show: printable ASCII identifier characters only, bounded. */
function safeCode(code: unknown): string {
  if (typeof code !== 'string') return '';
  const clean = code.replace(/[^A-Za-z0-9_.-]+/g, '');
  return clean.length > MAX_CODE ? `${clean.slice(0, MAX_CODE - 1)}…` : clean;
}

const REASONS: [RegExp, MessageKey][] = [
  [/^audio_unintelligible$/, 'notes.transcription.unintelligible'],
  [/^(audio_too_short|empty_audio|audio_empty|no_speech)/, 'notes.transcription.tooShort'],
  [/insufficient_quota/, 'notes.transcription.noCredit'],
  [/rate_limit/, 'notes.transcription.rateLimit'],
  [/^(model_not_found|invalid_model|unsupported_model|DeploymentNotFound)$/i, 'notes.transcription.model'],
  [/^(unsupported_language|invalid_language)$/, 'notes.transcription.language'],
  [/^(server_error|internal_error|service_unavailable|timeout)$/, 'notes.transcription.server'],
];

/** The reason alone (e.g. "the words could not be made out"), as a note for the panel to render. */
export function transcriptionFailureReason(error: unknown): Note {
  const e = record(error);
  const code = safeCode(e?.code) || safeCode(e?.type);
  for (const [pattern, reason] of REASONS) if (pattern.test(code)) return note(reason);
  return code && code !== 'transcription_error' ? note('notes.transcription.code', { code }) : note('notes.transcription.other');
}

/** The line shown in place of the user's words, e.g. "(not transcribed: the words could not be made out)". */
export function transcriptionFailureNote(error: unknown): Note {
  return note('transcript.untranscribedWhy', { reason: transcriptionFailureReason(error) });
}
