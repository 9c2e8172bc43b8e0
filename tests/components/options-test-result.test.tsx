// Defect 8: on the settings page, a failed Test says what happened in one line, offers one action
// that acts here, keeps the server's words behind a toggle, and never sends the user "to Hark's settings".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { TestResult, testAction } from '@/entrypoints/options/TestResult';
import { classifyHttpError } from '@/lib/errors';
import { describeTest, explainMintError, mintTarget } from '@/lib/connection';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { setLocale } from '@/lib/i18n';

afterEach(cleanup);

describe('TestResult', () => {
  it('a rejected key: one line, "Enter another key", details folded; no "Saved." and no "Hark\'s settings"', () => {
    const error = explainMintError({ mode: 'openai', baseUrl: 'https://api.openai.com' }, classifyHttpError(401, '{"error":{"message":"Incorrect API key"}}'));
    const test = describeTest({ mode: 'openai', baseUrl: 'https://api.openai.com' }, { ok: false, error });
    const onAction = vi.fn();
    const { container } = render(<TestResult test={test} mode="openai" onAction={onAction} />);
    const status = screen.getByRole('status');
    expect(status.dataset.testOutcome).toBe('invalid');
    expect(status.querySelector('.test-line')?.textContent).toBe('The server rejected this key.');
    expect(status.className).toContain('bad');
    expect(container.textContent).not.toContain("Hark's settings");
    expect(container.textContent).not.toContain('Saved.');
    expect(container.querySelector('details')?.open).toBe(false);
    expect(container.querySelector('.test-details')?.textContent).toContain('server said: Incorrect API key');
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Enter another key']);
    fireEvent.click(buttons[0]!);
    expect(onAction).toHaveBeenCalledWith('key');
  });

  it('an unreachable server points at the address; a valid one has no action', () => {
    const error = explainMintError({ mode: 'local', baseUrl: 'http://127.0.0.1:1' }, { reason: 'network', message: 'fetch failed', retryable: true });
    expect(error.message).not.toContain("Hark's settings");
    const { container } = render(<TestResult test={describeTest({ mode: 'local', baseUrl: 'http://127.0.0.1:1' }, { ok: false, error })} mode="local" onAction={() => {}} />);
    expect(container.querySelector('.test-line')?.textContent).toBe('Hark could not reach the server.');
    expect(screen.getByRole('button').textContent).toBe('Check the address');
    cleanup();
    render(<TestResult test={{ outcome: 'valid', message: 'Valid' }} mode="openai" onAction={() => {}} />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('status').className).toContain('ok');
  });

  it('a local server has no key to fix: a refusal there points at the address', () => {
    expect(testAction('invalid', 'local')).toBe('url');
    expect(testAction('invalid', 'openai')).toBe('key');
    expect(testAction('server-error', 'openai')).toBe('retry');
  });
});

describe('a connection that is not set up yet (Test on the settings page)', () => {
  afterEach(() => setLocale('en'));
  const missing: Partial<Settings>[] = [
    { mode: 'token-server' },
    { mode: 'token-server', tokenServerUrl: 'https://tokens.example' },
    { mode: 'azure' },
    { mode: 'azure', azureResourceUrl: 'https://r.openai.azure.com', azureDeployment: 'd' },
  ];
  for (const [locale, place] of [['en', "Hark's settings"], ['de', 'Einstellungen von Hark']] as const) {
    it(`says what is missing and never points to "${place}", not even behind Details (${locale})`, () => {
      setLocale(locale);
      for (const over of missing) {
        const picked = mintTarget({ ...DEFAULT_SETTINGS, ...over }, '');
        expect(picked.ok, JSON.stringify(over)).toBe(false);
        if (picked.ok) continue;
        const mode = over.mode ?? 'openai';
        const { container } = render(<TestResult test={describeTest(null, picked)} mode={mode} onAction={() => {}} />);
        expect(container.querySelector('.test-details')?.textContent ?? '', JSON.stringify(over)).not.toContain(place);
        cleanup();
      }
    });
  }
});
