import { describe, expect, it } from 'vitest';
import { normalizeSettings } from '@/lib/normalize-settings';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

const draft = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });
const saved = (d: Settings, speedText: string | null = null): Settings => {
  const r = normalizeSettings(d, speedText);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r.settings;
};
const refused = (d: Settings, speedText: string | null = null): string => {
  const r = normalizeSettings(d, speedText);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('normalizeSettings', () => {
  it('screen sites: trimmed, lower-cased, blank lines, comments and repeats dropped; the tool switches kept', () => {
    const tools = { enabled: { look_at_screen: true }, screenSites: [' Docs.Example.com ', '', '# mine', 'docs.example.com', 'example.org/charts', '*.wiki.example', 'localhost', '  '] };
    expect(saved(draft({ tools })).tools).toEqual({ enabled: { look_at_screen: true }, screenSites: ['docs.example.com', 'example.org/charts', '*.wiki.example', 'localhost'] });
  });

  it('screen sites: a line that is not a site, or a whole top-level domain, is refused by name', () => {
    for (const bad of ['com', '*.com', 'not a site', 'https://', 'exa mple.com']) {
      expect(refused(draft({ tools: { enabled: {}, screenSites: ['ok.example', bad] } })), bad).toContain(bad.trim());
    }
  });

  it('leaves the defaults as they are', () => expect(saved(draft())).toEqual(DEFAULT_SETTINGS));

  it('trims text fields and lower-cases the language', () => {
    const s = saved(draft({ azureDeployment: ' gpt-rt ', azureTranscriptionDeployment: ' whisper\n', model: '  gpt-realtime-mini ', transcriptionLanguage: ' DE ' }));
    expect(s).toMatchObject({ azureDeployment: 'gpt-rt', azureTranscriptionDeployment: 'whisper', model: 'gpt-realtime-mini', transcriptionLanguage: 'de' });
  });

  it('falls back to the default model and server URL when they are cleared', () => {
    expect(saved(draft({ model: '   ', serverUrl: ' ' }))).toMatchObject({ model: DEFAULT_SETTINGS.model, serverUrl: DEFAULT_SETTINGS.serverUrl });
  });

  it('normalises every URL field; optional ones may stay empty', () => {
    const s = saved(
      draft({
        serverUrl: 'localhost:8787/',
        tokenServerUrl: 'tokens.example.com/',
        localServerUrl: ' 127.0.0.1:9000 ',
        azureResourceUrl: 'https://res.openai.azure.com/openai/v1/',
      }),
    );
    expect(s).toMatchObject({
      serverUrl: 'http://localhost:8787',
      tokenServerUrl: 'https://tokens.example.com',
      localServerUrl: 'http://127.0.0.1:9000',
      azureResourceUrl: 'https://res.openai.azure.com',
    });
    expect(saved(draft({ tokenServerUrl: '  ', azureResourceUrl: '' }))).toMatchObject({ tokenServerUrl: '', azureResourceUrl: '' });
  });

  it('refuses a URL a key must not go to, with the sentence the page shows', () => {
    expect(refused(draft({ serverUrl: 'not a url' }))).toBe('"not a url" is not a valid URL.');
    expect(refused(draft({ tokenServerUrl: 'http://tokens.example.com' }))).toMatch(/plain http/);
    expect(refused(draft({ azureResourceUrl: 'https://u:p@res.openai.azure.com' }))).toMatch(/user name or password/);
  });

  it('reads the speed as typed, and refuses one the API would refuse', () => {
    expect(saved(draft(), '1.2').speed).toBe(1.2);
    expect(saved(draft({ speed: 0.8 }), null).speed).toBe(0.8);
    expect(refused(draft(), '')).toMatch(/must be a number/);
    expect(refused(draft(), 'fast')).toMatch(/must be a number/);
    expect(refused(draft(), '3')).toMatch(/between/);
  });

  it('keeps numbers within the ranges the form offers', () => {
    const s = saved(draft({ idleTimeoutMinutes: 500, keepReadyMinutes: -3, costCapUsd: Number.NaN, assistantVolume: 4 }));
    expect(s).toMatchObject({ idleTimeoutMinutes: 120, keepReadyMinutes: 0, costCapUsd: 0, assistantVolume: 1 });
    expect(saved(draft({ assistantVolume: Number.NaN })).assistantVolume).toBe(DEFAULT_SETTINGS.assistantVolume);
    expect(saved(draft({ costCapUsd: 2.5, idleTimeoutMinutes: 15 }))).toMatchObject({ costCapUsd: 2.5, idleTimeoutMinutes: 15 });
  });

  it('cuts the instructions template to its limit and tidies the site lists', () => {
    const s = saved(draft({ instructionsTemplate: 'x'.repeat(5000), siteRules: { ...DEFAULT_SETTINGS.siteRules, neverSend: [' bank.example ', ''], allowlist: ['  '] } }));
    expect(s.instructionsTemplate).toHaveLength(4000);
    expect(s.siteRules).toMatchObject({ neverSend: ['bank.example'], allowlist: [] });
  });

  it('does not change the draft it was given', () => {
    const d = draft({ model: ' m ' });
    saved(d);
    expect(d.model).toBe(' m ');
  });
});
