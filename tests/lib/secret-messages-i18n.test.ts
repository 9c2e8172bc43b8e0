// The secret-origin, mint and no-credit sentences follow the UI's language (they were English only).
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@/lib/i18n';
import { bindSecret, callsUrlRefusal, checkCallsUrl, checkSecretUse, secretStatus, transportProblem } from '@/lib/secret-origin';
import { noCreditMessage } from '@/lib/realtime/server-problems';

describe('secret and billing messages in German', () => {
  afterEach(() => setLocale('en'));

  it('says why a secret is not sent, naming the secret in German', () => {
    setLocale('de');
    expect(checkSecretUse(null, 'https://api.openai.com', 'access token')).toMatchObject({ message: 'Es ist kein Zugriffstoken gespeichert.' });
    const saved = bindSecret('sk-x', 'https://one.example');
    const other = checkSecretUse(saved, 'https://two.example/v1', 'key');
    expect(other.ok ? '' : other.message).toBe(
      'Dein Schlüssel wurde für https://one.example gespeichert; gib den Wert für https://two.example in den Einstellungen von Hark erneut ein (Hark hat nichts dorthin gesendet).',
    );
    // On the settings page itself: no "in Hark's settings".
    expect(secretStatus(saved, 'https://two.example/v1', 'key').message).not.toMatch(/Einstellungen/);
    expect(secretStatus(saved, 'https://one.example/v1', 'Azure API key').message).toBe(
      'Dein Azure-API-Schlüssel wird an https://one.example gesendet; fahre nur fort, wenn du diesen Server betreibst.',
    );
  });

  it('refuses plain http, foreign calls URLs and bad URLs in German', () => {
    setLocale('de');
    expect(transportProblem('http://evil.example/v1')).toMatch(/^Hark sendet nichts über unverschlüsseltes http an http:\/\/evil\.example/);
    expect(transportProblem('nonsense')).toBe('„nonsense“ ist keine gültige URL.');
    const calls = checkCallsUrl('https://evil.example/calls', 'https://good.example/v1/realtime/calls');
    expect(calls.ok ? '' : calls.message).toMatch(/^Der Server unter https:\/\/good\.example hat Hark angewiesen/);
    expect(callsUrlRefusal('https://evil.example/calls', ['https://good.example'])).toMatch(/^Hark hat die Verbindung zu https:\/\/evil\.example abgelehnt/);
    expect(noCreditMessage()).toMatch(/^Dein OpenAI-Konto hat kein Guthaben mehr: .*platform\.openai\.com\/settings\/organization\/billing/);
  });

  it('keeps the English sentences the rest of Hark and its tests know', () => {
    setLocale('en');
    expect(checkSecretUse(null, 'https://api.openai.com', 'key')).toMatchObject({ message: 'No key is saved.' });
    expect(secretStatus(bindSecret('sk-x', 'https://one.example'), 'https://one.example/v1', 'key').message).toBe(
      'Your key will be sent to https://one.example; only continue if you run this server.',
    );
  });
});
