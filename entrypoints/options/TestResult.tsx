/**
 * What "Test connection" found: one line that says what happened, one action, and the server's
 * own words behind a toggle. On the settings page the action acts here (it moves to the field to
 * fix) instead of pointing at "Hark's settings".
 */
import { t, type MessageKey } from '@/lib/i18n';
import type { ConnectionTestResult, TestOutcome } from '@/lib/connection';
import type { ConnectionMode } from '@/lib/settings';

/** The field to fix for each outcome, or null when trying again is the only thing to do. */
export type TestAction = 'key' | 'url' | 'retry' | null;
const ACTION: Record<TestOutcome, TestAction> = {
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
const ACTION_LABEL: Record<Exclude<TestAction, null>, MessageKey> = { key: 'options.test.fixKey', url: 'options.test.fixUrl', retry: 'options.test.retry' };

/** The one line for an outcome ("invalid" names an access token on a token server). */
export function testLine(outcome: TestOutcome, mode: ConnectionMode): string {
  if (outcome === 'invalid' && mode === 'token-server') return t('options.test.invalidToken');
  return t(`options.test.${outcome}` as MessageKey);
}

/** The action for an outcome; a local server has no key, so a refusal there means the address. */
export function testAction(outcome: TestOutcome, mode: ConnectionMode): TestAction {
  const action = ACTION[outcome];
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
  const action = testAction(test.outcome, mode);
  return (
    <div class={`test-result ${ok ? 'ok' : 'bad'}`} role="status" aria-live="polite" data-test-outcome={test.outcome}>
      <p class="line">
        <span class="test-line">{testLine(test.outcome, mode)}</span>
        {action && (
          <button type="button" class="link" onClick={() => onAction(action)}>
            {t(ACTION_LABEL[action])}
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
