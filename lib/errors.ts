/**
 * Error classification shared by every context. Errors cross contexts as plain data
 * (`SessionError`), never as `Error` objects; `reason` decides retry policy and the UI's action.
 */

import { isNoCredit, noCreditMessage } from './realtime/server-problems';
import { t } from './i18n';

export type ErrorReason =
  | 'auth' // 401: the API key is wrong or revoked — never retry
  | 'forbidden' // 403: no access to the Realtime API / model
  | 'rate-limited' // 429
  | 'no-credit' // 429 `insufficient_quota`: a billing problem, which no retry fixes
  | 'server' // 5xx
  | 'bad-request' // 4xx other than the above, or an SDP the server refused
  | 'network' // fetch failed, connection dropped
  | 'mic-denied' // the user (or policy) blocked the microphone
  | 'mic-not-found' // no input device
  | 'mic-permission-needed' // never asked yet: the permission page must ask
  | 'protocol' // the server said something we cannot use
  | 'session-expired'
  | 'internal';

export interface SessionError {
  reason: ErrorReason;
  /** Human sentence that says what happened and what to do. */
  message: string;
  retryable: boolean;
  /** Server-requested delay before retrying (429 `retry-after`). */
  retryAfterMs?: number;
  /**
   * The request never reached a server (connection refused, DNS, TLS): the origin it was for.
   * While Hark waits to retry, it watches that origin and retries as soon as it answers.
   */
  unreachableOrigin?: string;
  /**
   * The connection is not set up: this field is empty (its id on the settings page). Nothing was
   * refused, so the settings page says which field and moves to it instead of "rejected".
   */
  missing?: MissingField;
}

/** A connection field Hark needs and found empty (the id of its input on the settings page). */
export type MissingField = 'api-key' | 'token-server-url' | 'access-token' | 'azure-resource' | 'azure-deployment' | 'azure-key';

const RETRYABLE: Record<ErrorReason, boolean> = {
  auth: false,
  forbidden: false,
  'rate-limited': true,
  'no-credit': false,
  server: true,
  'bad-request': false,
  network: true,
  'mic-denied': false,
  'mic-not-found': false,
  'mic-permission-needed': false,
  protocol: false,
  'session-expired': true,
  internal: false,
};

export function sessionError(reason: ErrorReason, message: string, retryAfterMs?: number): SessionError {
  return { reason, message, retryable: RETRYABLE[reason], ...(retryAfterMs != null ? { retryAfterMs } : {}) };
}

/** A request to `url` failed before any server answered. */
export function unreachableError(url: string, message: string): SessionError {
  let origin: string | undefined;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = undefined;
  }
  return { ...sessionError('network', message), ...(origin ? { unreachableOrigin: origin } : {}) };
}

/** `error.code` / `error.type` of an OpenAI-style JSON error body (both may be missing). */
function apiErrorKind(body: string): { code?: unknown; type?: unknown } {
  try {
    const error = JSON.parse(body)?.error;
    return error && typeof error === 'object' ? error : {};
  } catch {
    return {};
  }
}

/** Pulls `error.message` out of an OpenAI-style JSON error body, if there is one. */
export function apiErrorMessage(body: string): string | undefined {
  try {
    const msg = JSON.parse(body)?.error?.message;
    return typeof msg === 'string' && msg ? msg : undefined;
  } catch {
    return undefined;
  }
}

/** `retry-after` is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The step a failure happened in, named in its message. */
export type Step = 'connecting' | 'minting a session key';
const WHAT = { connecting: 'error.step.connecting', 'minting a session key': 'error.step.minting' } as const;

/** The " (server said: …)" a message ends with, in the UI's language (for rewording). */
export const serverSaidPattern = (): RegExp =>
  new RegExp(`${t('error.serverSaid', { detail: '\u0000' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\u0000', '.*')}$`, 's');

/**
 * Maps an HTTP failure from `client_secrets` or `calls` to a SessionError.
 * `what` names the step for the message ("minting a session key", "connecting").
 */
export function classifyHttpError(
  status: number,
  body: string,
  retryAfter?: string | null,
  what: Step = 'connecting',
): SessionError {
  const detail = apiErrorMessage(body);
  const suffix = detail ? t('error.serverSaid', { detail }) : '';
  if (status === 401) {
    return sessionError('auth', t('error.auth') + suffix);
  }
  if (status === 403) {
    return sessionError('forbidden', t('error.forbidden') + suffix);
  }
  if (status === 429 && isNoCredit(apiErrorKind(body))) {
    // Out of credit: retrying only repeats the refusal (and hides the cause behind a spinner).
    return sessionError('no-credit', noCreditMessage());
  }
  if (status === 429) {
    const ms = parseRetryAfter(retryAfter);
    return sessionError('rate-limited', t('error.rateLimited', { what: t(WHAT[what]) }) + suffix, ms);
  }
  if (status >= 500) return sessionError('server', t('error.server', { what: t(WHAT[what]), status }) + suffix);
  return sessionError('bad-request', t('error.badRequest', { what: t(WHAT[what]), status }) + suffix);
}

/**
 * Maps an HTTP failure of the SDP exchange (`/calls`) to a SessionError. That request carries the
 * ephemeral key Hark minted a moment before, not the user's key: a 401 there means the short-lived
 * key was refused (expired on the way, or minted by another server instance), which a freshly
 * minted key fixes. So it is retried; a wrong user key is caught by the next mint, with one request.
 */
export function classifyCallError(status: number, body: string, retryAfter?: string | null): SessionError {
  const error = classifyHttpError(status, body, retryAfter, 'connecting');
  if (status !== 401) return error;
  const detail = apiErrorMessage(body);
  return {
    ...error,
    message: t('error.ephemeralRefused') + (detail ? t('error.serverSaid', { detail }) : ''),
    retryable: true,
  };
}

/** Maps a getUserMedia DOMException name to a SessionError. */
export function classifyMediaError(name: string, message = ''): SessionError {
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      // "Permission dismissed" = never asked: the offscreen document cannot show the prompt.
      if (/dismiss/i.test(message)) {
        return sessionError('mic-permission-needed', t('error.micPermissionNeeded'));
      }
      return sessionError(
        'mic-denied',
        t('error.micDenied'),
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return sessionError('mic-not-found', t('error.micNotFound'));
    case 'NotReadableError':
    case 'AbortError':
      return sessionError('mic-not-found', t('error.micBusy'));
    default:
      return sessionError('internal', t('error.micFailed', { detail: `${name} ${message}`.trim() }));
  }
}
