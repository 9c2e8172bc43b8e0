import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeServerUrl, realtimeUrls, withDefaults } from '@/lib/settings';

describe('normalizeServerUrl', () => {
  it.each([
    ['', 'https://api.openai.com'],
    ['localhost:8787/', 'http://localhost:8787'],
    ['127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['https://example.com/openai/', 'https://example.com/openai'],
  ])('%s → %s', (input, out) => expect(normalizeServerUrl(input)).toBe(out));

  it('throws on junk', () => expect(() => normalizeServerUrl('not a url')).toThrow());

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
