/**
 * What "Test connection" found, for the settings page and the welcome page: an outcome that picks
 * the page's one line and action, and the worker's full sentence (shown behind Details).
 */
import type { MissingField, SessionError } from './errors';
import { t, type MessageKey } from './i18n';
import type { MintTarget, OriginToConfirm } from './connection';

/**
 * `unconfirmed`: nothing was sent to an origin the user has not allowed. `not-set-up`: a field the
 * mode needs is empty (`missing` names it), so nothing was refused.
 */
export type TestOutcome =
  | 'valid'
  | 'invalid'
  | 'no-access'
  | 'rate-limited'
  | 'no-credit'
  | 'network'
  | 'server-error'
  | 'unconfirmed'
  | 'not-set-up'
  | 'error';
export interface ConnectionTestResult {
  outcome: TestOutcome;
  /** A sentence for the options page (never contains a secret). */
  message: string;
  /** With `unconfirmed`: what the user may allow. */
  confirm?: OriginToConfirm;
  /** With `not-set-up`: the empty field. */
  missing?: MissingField;
}

const OUTCOME: Partial<Record<SessionError['reason'], TestOutcome>> = {
  auth: 'invalid',
  forbidden: 'no-access',
  'rate-limited': 'rate-limited',
  'no-credit': 'no-credit',
  network: 'network',
  server: 'server-error',
};

const HEADLINE: Record<TestOutcome, MessageKey> = {
  valid: 'connection.headline.valid',
  invalid: 'connection.headline.invalid',
  'no-access': 'connection.headline.noAccess',
  'rate-limited': 'connection.headline.rateLimited',
  'no-credit': 'connection.headline.noCredit',
  network: 'connection.headline.network',
  'server-error': 'connection.headline.serverError',
  unconfirmed: 'connection.headline.unconfirmed',
  'not-set-up': 'connection.headline.notSetUp',
  error: 'connection.headline.error',
};

/** Turns the outcome of a test mint into what the options page shows. */
export function describeTest(
  target: Pick<MintTarget, 'mode' | 'baseUrl'> | null,
  result: { ok: true; expiresAt: number; now?: number } | { ok: false; error: SessionError; confirm?: OriginToConfirm },
): ConnectionTestResult {
  if (!result.ok && result.confirm) return { outcome: 'unconfirmed', message: `${t(HEADLINE.unconfirmed)}: ${result.error.message}`, confirm: result.confirm };
  if (result.ok) {
    const secs = result.expiresAt ? Math.max(0, Math.round(result.expiresAt - (result.now ?? Date.now()) / 1000)) : null;
    const where = target ? ` ${target.baseUrl}` : '';
    const life = secs != null ? t('connection.validFor', { s: secs }) : '';
    return { outcome: 'valid', message: t('connection.valid', { where, life }) };
  }
  const { missing } = result.error;
  if (missing) return { outcome: 'not-set-up', message: `${t(HEADLINE['not-set-up'])}: ${result.error.message}`, missing };
  const outcome = OUTCOME[result.error.reason] ?? 'error';
  const headline = t(outcome === 'invalid' && target?.mode === 'token-server' ? 'connection.headline.invalidToken' : HEADLINE[outcome]);
  return { outcome, message: `${headline}: ${result.error.message}` };
}
