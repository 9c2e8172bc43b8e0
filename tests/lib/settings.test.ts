import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeServerUrl, realtimeUrls, withDefaults } from '@/lib/settings';

describe('normalizeServerUrl', () => {
  it.each([
    ['', 'https://api.openai.com'],
    ['localhost:8787/', 'http://localhost:8787'],
    ['127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['https://example.com/openai/', 'https://example.com/openai'],
  ])('%s → %s', (input, out) => expect(normalizeServerUrl(input)).toBe(out));

  it('throws on junk, with a sentence the options page shows', () => expect(() => normalizeServerUrl('not a url')).toThrow('"not a url" is not a valid URL.'));

  it('refuses plain http off this computer, credentials and other schemes', () => {
    expect(() => normalizeServerUrl('http://example.test:8080')).toThrow(/plain http.*https:\/\/example\.test:8080/);
    expect(() => normalizeServerUrl('http://192.168.1.5')).toThrow(/plain http/);
    expect(() => normalizeServerUrl('https://user:pw@api.openai.com')).toThrow(/user name or password/);
    expect(() => normalizeServerUrl('ftp://api.openai.com')).toThrow(/not an http\(s\) URL/);
    expect(normalizeServerUrl('http://[::1]:8787')).toBe('http://[::1]:8787');
    expect(normalizeServerUrl('http://127.1:8787')).toBe('http://127.0.0.1:8787');
  });

  it('derives the GA endpoints', () => {
    expect(realtimeUrls('http://127.0.0.1:1')).toEqual({
      clientSecrets: 'http://127.0.0.1:1/v1/realtime/client_secrets',
      calls: 'http://127.0.0.1:1/v1/realtime/calls',
    });
  });
});

describe('withDefaults', () => {
  it('fills fields that settings saved by an older version lack', () => {
    const s = withDefaults({ serverUrl: 'http://x', model: 'm', voice: 'v' });
    expect(s.serverUrl).toBe('http://x');
    expect(s.siteRules).toEqual(DEFAULT_SETTINGS.siteRules);
    expect(s.instructionsTemplate).toBe('');
    expect(withDefaults({ siteRules: { neverSend: ['a.com'] } as never }).siteRules.allowIncognito).toBe(false);
    expect(withDefaults(null)).toEqual(DEFAULT_SETTINGS);
  });
});
