/**
 * What "Test connection" found: one line that says what happened, one action, and the server's
 * own words behind a toggle. On the settings page the action acts here (it moves to the field to
 * fix) instead of pointing at "Hark's settings".
 */
import { t, type MessageKey } from '@/lib/i18n';
import type { ConnectionTestResult, TestOutcome } from '@/lib/connection';
import type { MissingField } from '@/lib/errors';
import type { ConnectionMode } from '@/lib/settings';

/**
 * The field to fix for each outcome, or null when trying again is the only thing to do.
 * `{ field }`: the empty field a "not set up" test found (testing again cannot help there).
 */
export type TestAction = 'key' | 'url' | 'retry' | { field: MissingField } | null;
const ACTION: Record<Exclude<TestOutcome, 'not-set-up'>, 'key' | 'url' | 'retry' | null> = {
  valid: null,
  invalid: 'key',
  'no-access': 'key',
  'rate-limited': 'retry',
  'no-credit': 'retry',
  network: 'url',
  'server-error': 'retry',
  unconfirmed: null, // the origin warning below carries the action
  error: 'retry',
};
const ACTION_LABEL: Record<'key' | 'url' | 'retry', MessageKey> = { key: 'options.test.fixKey', url: 'options.test.fixUrl', retry: 'options.test.retry' };
const MISSING_LINE: Record<MissingField, MessageKey> = {
  'api-key': 'options.test.missing.api-key',
  'token-server-url': 'options.test.missing.token-server-url',
  'access-token': 'options.test.missing.access-token',
  'azure-resource': 'options.test.missing.azure-resource',
  'azure-deployment': 'options.test.missing.azure-deployment',
  'azure-key': 'options.test.missing.azure-key',
};
const actionLabel = (action: Exclude<TestAction, null>) => t(typeof action === 'object' ? 'options.test.goToField' : ACTION_LABEL[action]);

/** The one line for a result ("invalid" names an access token on a token server, "not set up" the empty field). */
export function testLine(test: Pick<ConnectionTestResult, 'outcome' | 'missing'>, mode: ConnectionMode): string {
  if (test.outcome === 'not-set-up') return t(test.missing ? MISSING_LINE[test.missing] : 'options.test.error');
  if (test.outcome === 'invalid' && mode === 'token-server') return t('options.test.invalidToken');
  return t(`options.test.${test.outcome}` as MessageKey);
}

/** The action for a result; a local server has no key, so a refusal there means the address. */
export function testAction(test: Pick<ConnectionTestResult, 'outcome' | 'missing'>, mode: ConnectionMode): TestAction {
  if (test.outcome === 'not-set-up') return test.missing ? { field: test.missing } : null;
  const action = ACTION[test.outcome];
  return action === 'key' && mode === 'local' ? 'url' : action;
}

interface TestResultProps {
  test: ConnectionTestResult | 'testing';
  mode: ConnectionMode;
  onAction(action: Exclude<TestAction, null>): void;
}

export function TestResult({ test, mode, onAction }: TestResultProps) {
  if (test === 'testing') {
    return (
      <p class="test-result hint" role="status" aria-live="polite" data-test-outcome="testing">
        {t('options.test.testing')}
      </p>
    );
  }
  const ok = test.outcome === 'valid';
  const action = testAction(test, mode);
  return (
    <div class={`test-result ${ok ? 'ok' : 'bad'}`} role="status" aria-live="polite" data-test-outcome={test.outcome}>
      <p class="line">
        <span class="test-line">{testLine(test, mode)}</span>
        {action && (
          <button type="button" class="link" onClick={() => onAction(action)}>
            {actionLabel(action)}
          </button>
        )}
      </p>
      {/* Unconfirmed: the warning below names the origin and asks; the worker's sentence would point "to the settings". */}
      {test.outcome !== 'unconfirmed' && (
        <details>
          <summary>{t('options.test.details')}</summary>
          <p class="test-details">{test.message}</p>
        </details>
      )}
    </div>
  );
}
