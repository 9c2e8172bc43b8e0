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
    expect(testAction({ outcome: 'invalid' }, 'local')).toBe('url');
    expect(testAction({ outcome: 'invalid' }, 'openai')).toBe('key');
    expect(testAction({ outcome: 'server-error' }, 'openai')).toBe('retry');
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

// Defect 8, "Found and not fixed here": a Test that finds a field empty said what had not happened
// ("The token server rejected this access token." with no token sent; "The test failed." + Test
// again for an empty URL). Each case now names the empty field and moves to it, in en and de.
describe('Test with a field left empty: "not set up", names the field, moves to it', () => {
  afterEach(() => setLocale('en'));
  const TOKEN_URL = 'https://tokens.example';
  const AZURE = { azureResourceUrl: 'https://r.openai.azure.com', azureDeployment: 'd' };
  /** Settings, the saved secret, the empty field, and its line in en and de. */
  const cases: [string, Partial<Settings>, string, string, string, string][] = [
    ['token server, no access token', { mode: 'token-server', tokenServerUrl: TOKEN_URL }, '', 'access-token', 'No access token is saved', 'Es ist kein Zugriffstoken gespeichert'],
    ['token server, no URL', { mode: 'token-server' }, 'tok', 'token-server-url', 'No token server URL is set', 'Es ist keine Token-Server-URL eingetragen'],
    ['Azure, no resource', { mode: 'azure', azureDeployment: 'd' }, 'k', 'azure-resource', 'No Azure resource URL is set', 'Es ist keine URL der Azure-Ressource eingetragen'],
    ['Azure, no deployment', { mode: 'azure', azureResourceUrl: AZURE.azureResourceUrl }, 'k', 'azure-deployment', 'No Azure deployment is set', 'Es ist keine Azure-Bereitstellung eingetragen'],
    ['Azure, no key', { mode: 'azure', ...AZURE }, '', 'azure-key', 'No Azure API key is saved', 'Es ist kein Azure-API-Schlüssel gespeichert'],
  ];
  /** What Test finds: mintTarget refuses, or (personal key) the server refuses a request sent without a key. */
  const testFor = (over: Partial<Settings>, secret: string) => {
    const picked = mintTarget({ ...DEFAULT_SETTINGS, ...over }, secret);
    return picked.ok ? describeTest(picked.target, { ok: false, error: explainMintError(picked.target, classifyHttpError(401, ''), secret !== '') }) : describeTest(null, picked);
  };
  const all: [string, Partial<Settings>, string, string, string, string][] = [
    ...cases,
    ['personal key, none saved, the server asks for one', { mode: 'openai' }, '', 'api-key', 'No API key is saved', 'Es ist kein API-Schlüssel gespeichert'],
  ];
  for (const [name, over, secret, field, en, de] of all) {
    it(`${name}: "${en}", and the action goes to #${field} (no Test again)`, () => {
      for (const [locale, line] of [['en', en], ['de', de]] as const) {
        setLocale(locale);
        const test = testFor(over, secret);
        expect(test.outcome).toBe('not-set-up');
        const onAction = vi.fn();
        render(<TestResult test={test} mode={over.mode ?? 'openai'} onAction={onAction} />);
        const status = screen.getByRole('status');
        expect(status.dataset.testOutcome).toBe('not-set-up');
        expect(status.querySelector('.test-line')?.textContent).toContain(line);
        const buttons = screen.getAllByRole('button');
        expect(buttons).toHaveLength(1);
        expect(buttons[0]!.textContent).toBe(locale === 'en' ? 'Go to the field' : 'Zum Feld');
        fireEvent.click(buttons[0]!);
        expect(onAction).toHaveBeenCalledWith({ field });
        cleanup();
      }
    });
  }

  it('a key that was sent and refused is still "invalid" (only a missing key is "not set up")', () => {
    const target = { mode: 'openai' as const, baseUrl: 'https://api.openai.com' };
    expect(describeTest(target, { ok: false, error: explainMintError(target, classifyHttpError(401, ''), true) }).outcome).toBe('invalid');
    const team = { mode: 'token-server' as const, baseUrl: TOKEN_URL };
    expect(describeTest(team, { ok: false, error: explainMintError(team, classifyHttpError(401, ''), true) }).outcome).toBe('invalid');
  });
});
