// The worker's secret store on WXT's fake browser: origins come from the saved settings (or from
// what the worker itself refused), never from a message alone.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { confirmOrigin, confirmedCallsFor, migrateSecrets, noteRefusedCalls, readSecret, saveSecret, secretStatuses } from '@/entrypoints/background/secret-store';
import { settingsItem } from '@/lib/state/storage';
import { apiKeyItem, tokenServerTokenItem } from '@/lib/state/secrets';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

const useSettings = (over: Partial<Settings>) => settingsItem.setValue({ ...DEFAULT_SETTINGS, ...over });

beforeEach(() => fakeBrowser.reset());

describe('saveSecret: bound to the origin in the saved settings', () => {
  it('binds to the saved Server URL, and refuses an origin the message names that the settings do not', async () => {
    await useSettings({ serverUrl: 'https://api.openai.com' });
    expect(await saveSecret('openai', ' sk-1 ', 'https://evil.test')).toEqual({ saved: false, error: expect.stringMatching(/settings changed/) });
    expect(await apiKeyItem.getValue()).toBeNull();
    expect(await saveSecret('openai', 'sk-1', 'https://api.openai.com')).toEqual({ saved: true });
    expect(await apiKeyItem.getValue()).toEqual({ value: 'sk-1', origin: 'https://api.openai.com', allowed: ['https://api.openai.com'] });
  });

  it('needs a usable URL first; an empty value forgets', async () => {
    await useSettings({ tokenServerUrl: '' });
    expect((await saveSecret('token-server', 'tok')).error).toMatch(/^Set “Token server URL” \(https:\/\/…\) first/);
    await useSettings({ tokenServerUrl: 'http://tokens.example' }); // written past the options page
    expect((await saveSecret('token-server', 'tok')).saved).toBe(false);
    await useSettings({ tokenServerUrl: 'https://tokens.example' });
    expect((await saveSecret('token-server', 'tok')).saved).toBe(true);
    expect(await saveSecret('token-server', '  ')).toEqual({ saved: false });
    expect(await tokenServerTokenItem.getValue()).toBeNull();
  });
});

describe('confirmOrigin: only what the saved settings lead to', () => {
  it('a secret may be allowed for the origin the settings name now, not for one a message names', async () => {
    await useSettings({ serverUrl: 'https://api.openai.com' });
    await saveSecret('openai', 'sk-1');
    await useSettings({ serverUrl: 'https://proxy.example' });
    expect((await secretStatuses()).openai).toMatchObject({ saved: true, problem: 'other-origin', origin: 'https://proxy.example' });
    expect((await confirmOrigin({ use: 'secret', kind: 'openai', origin: 'https://evil.test' })).ok).toBe(false);
    expect((await confirmOrigin({ use: 'secret', kind: 'openai', origin: 'https://proxy.example' })).ok).toBe(true);
    expect((await secretStatuses()).openai).toEqual({ saved: true });
    expect((await readSecret('openai'))?.allowed).toEqual(['https://api.openai.com', 'https://proxy.example']);
    expect((await confirmOrigin({ use: 'secret', kind: 'bogus' as never, origin: 'https://proxy.example' })).ok).toBe(false);
  });

  it('a calls origin only if this worker refused it for the configured server', async () => {
    await useSettings({ mode: 'token-server', tokenServerUrl: 'https://tokens.example' });
    expect((await confirmOrigin({ use: 'calls', origin: 'https://calls.example' })).ok).toBe(false);
    await noteRefusedCalls('https://other-server.example', 'https://calls.example');
    expect((await confirmOrigin({ use: 'calls', origin: 'https://calls.example' })).ok).toBe(false);
    await noteRefusedCalls('https://tokens.example', 'https://calls.example');
    expect(await confirmOrigin({ use: 'calls', origin: 'https://calls.example' })).toEqual({ ok: true, message: 'Calls may now go to https://calls.example.' });
    expect(await confirmedCallsFor('https://tokens.example')).toEqual(['https://calls.example']);
    expect(await confirmedCallsFor('https://other-server.example')).toEqual([]);
  });
});

describe('migration of bare strings from older versions', () => {
  it('binds to the configured official origin; drops one configured for plain http elsewhere', async () => {
    await useSettings({ serverUrl: 'https://api.openai.com', tokenServerUrl: 'http://tokens.example' });
    await fakeBrowser.storage.local.set({ apiKey: 'sk-old', tokenServerToken: 'tok-old' });
    await migrateSecrets();
    expect(await apiKeyItem.getValue()).toEqual({ value: 'sk-old', origin: 'https://api.openai.com', allowed: ['https://api.openai.com'] });
    expect(await tokenServerTokenItem.getValue()).toBeNull();
  });
});
