/**
 * What the user is told (as notes: message keys + parameters, lib/realtime/note.ts) when the Realtime server reports a problem inside a live session: a
 * reply that ended `failed` or `incomplete` (`response.done`), or an `error` event. Before this,
 * such replies just went silent and errors were only logged. Every line shown is short and
 * bounded: server text can be long or hostile, and the transcript shows it as plain text.
 */
import type { ServerEvent } from './server-events';
import { record } from './shape';
import { t, type MessageKey } from '../i18n';
import { note, type Note } from './note';

/** Where an OpenAI user adds credit; the one place a billing problem can be fixed. */
export const BILLING_URL = 'platform.openai.com/settings/organization/billing';
/** Out of credit, in the UI's language (no retry fixes it: the one fix is at `BILLING_URL`). */
export const noCreditMessage = (): string => t('error.noCredit', { url: BILLING_URL });
const NO_CREDIT = note('notes.noCredit', { url: BILLING_URL });

/** Longest piece of server-chosen text (a code, a message) put in front of the user. */
export const MAX_SERVER_TEXT = 80;

/** Server text made safe to show: one line, no control characters, at most `max` characters. */
export function bounded(text: unknown, max = MAX_SERVER_TEXT): string {
  const flat = String(text ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A failure's error code or type says the account is out of credit (not a transient limit). */
export function isNoCredit(error: { code?: unknown; type?: unknown } | null | undefined): boolean {
  return !!error && (error.code === 'insufficient_quota' || error.type === 'insufficient_quota');
}

/** A `response` object of `response.done`: its fields are read without trusting their types. */
interface ResponseLike {
  status?: unknown;
  status_details?: unknown;
}

/** Why a `failed` reply failed, by its error code or type (protocol doc §5.6). */
const FAILED_BECAUSE: Record<string, MessageKey> = {
  rate_limit_exceeded: 'notes.failed.rateLimit',
  server_error: 'notes.failed.server',
  internal_error: 'notes.failed.server',
  overloaded: 'notes.failed.overloaded',
  server_overloaded: 'notes.failed.overloaded',
};

/**
 * The transcript line for a finished reply, or null when there is nothing to say: `completed`,
 * and `cancelled` (the user interrupted, or talked over it: they know why it stopped).
 */
export function responseDoneNotice(response: ResponseLike | null | undefined): Note | null {
  const status = response?.status;
  const details = record(response?.status_details);
  if (status === 'incomplete') {
    if (details?.reason === 'content_filter') return note('notes.incomplete.contentFilter');
    if (details?.reason === 'max_output_tokens') return note('notes.incomplete.maxTokens');
    return note('notes.incomplete.other');
  }
  if (status !== 'failed') return null;
  const error = record(details?.error);
  if (isNoCredit(error)) return NO_CREDIT;
  for (const key of [error?.code, error?.type]) {
    if (typeof key === 'string' && Object.hasOwn(FAILED_BECAUSE, key)) return note(FAILED_BECAUSE[key]!);
  }
  const code = bounded(error?.code ?? error?.type ?? '', 40);
  return code ? note('notes.failed.code', { code }) : note('notes.failed.other');
}

/**
 * What to do about an in-session `error` event:
 * - `silent`: Hark handles it (or it is harmless) and the user needs to hear nothing;
 * - `retry-response`: a `response.create` met an active response; ask again once it is done;
 * - `notice`: show `text` in the transcript; the session goes on.
 * `session_expired` and a refused `session.update` are handled by the connection (they end it).
 */
export type ServerErrorAction = { kind: 'silent' } | { kind: 'retry-response' } | { kind: 'notice'; note: Note };

const SILENT = new Set([
  // An interrupt that came after the reply had finished anyway: nothing was left to stop.
  'response_cancel_not_active',
  // A truncate for an item the server already dropped or cut: the transcript is already right.
  'item_truncate_invalid_item_id',
  'item_not_found',
  // Push-to-talk released with nothing recorded: nothing was said, nothing to answer.
  'input_audio_buffer_commit_empty',
  // Changing the voice once the assistant has spoken is refused; the next session takes it.
  'cannot_update_voice',
]);

const NOTICE: Record<string, MessageKey> = {
  rate_limit_exceeded: 'notes.error.rateLimit',
  server_error: 'notes.error.server',
  internal_error: 'notes.error.server',
};

export function serverErrorAction(error: { code?: unknown; type?: unknown; message?: unknown } | null | undefined): ServerErrorAction {
  const code = typeof error?.code === 'string' ? error.code : '';
  if (code === 'conversation_already_has_active_response') return { kind: 'retry-response' };
  if (SILENT.has(code)) return { kind: 'silent' };
  if (isNoCredit(error)) return { kind: 'notice', note: NO_CREDIT };
  if (Object.hasOwn(NOTICE, code)) return { kind: 'notice', note: note(NOTICE[code]!) };
  const type = typeof error?.type === 'string' ? error.type : '';
  if (!code && Object.hasOwn(NOTICE, type)) return { kind: 'notice', note: note(NOTICE[type]!) };
  // Unknown: say so briefly, with its code, so a user can report it; the full text is in the log.
  const name = bounded(code || type || 'unknown', 40);
  const detail = bounded(error?.message ?? '');
  return { kind: 'notice', note: detail ? note('notes.error.unknown', { code: name, detail }) : note('notes.error.unknownCode', { code: name }) };
}

/** Client events whose errors the connection handles itself (it ends the session, or probes). */
const HANDLED_ELSEWHERE = new Set(['hark_session_update', 'hark_probe']);

/**
 * The transcript line a server event calls for, or null. `session_expired` is not here: the
 * connection renews the session and the transcript marks the gap.
 */
export function noticeForEvent(e: ServerEvent): Note | null {
  if (e.type === 'response.done') return responseDoneNotice(e.response);
  if (e.type !== 'error') return null;
  const { error } = e;
  if (error.code === 'session_expired' || (typeof error.event_id === 'string' && HANDLED_ELSEWHERE.has(error.event_id))) return null;
  const action = serverErrorAction(error);
  return action.kind === 'notice' ? action.note : null;
}
