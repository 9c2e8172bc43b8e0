/** User settings (pure: no browser APIs). Storage items live in `lib/state/`. */
import { DEFAULT_SITE_RULES, type SiteRules } from './page/site-rules';

export interface Settings {
  serverUrl: string;
  model: string;
  voice: string;
  /** Which pages may be read at all (never-send list, allowlist-only mode, files, incognito). */
  siteRules: SiteRules;
  /** The user's own instructions template ({{title}}, {{url}}, …); empty = Hark's default. */
  instructionsTemplate: string;
  /** ISO-639-1 code for input transcription; empty = follow the page, then the browser locale. */
  transcriptionLanguage: string;
}

export const DEFAULT_SETTINGS: Settings = {
  serverUrl: 'https://api.openai.com',
  model: 'gpt-realtime',
  voice: 'marin',
  siteRules: DEFAULT_SITE_RULES,
  instructionsTemplate: '',
  transcriptionLanguage: '',
};

/** Settings saved by an older version lack newer fields: fill them from the defaults. */
export function withDefaults(saved: Partial<Settings> | null | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...saved,
    siteRules: { ...DEFAULT_SITE_RULES, ...saved?.siteRules },
  };
}

/** GA voices (protocol doc §3.2); `marin` and `cedar` are the recommended ones. */
export const VOICES = ['marin', 'cedar', 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse'];

/**
 * Normalises what a user typed as the server URL ("localhost:8787/" → "http://localhost:8787").
 * Throws on something that is not a URL, so the options page can say so.
 */
export function normalizeServerUrl(input: string): string {
  let s = input.trim().replace(/\/+$/, '');
  if (!s) return DEFAULT_SETTINGS.serverUrl;
  if (!/^https?:\/\//i.test(s)) s = `${/^(localhost|127\.|\[::1\])/.test(s) ? 'http' : 'https'}://${s}`;
  return new URL(s).toString().replace(/\/+$/, '');
}

export const realtimeUrls = (serverUrl: string) => ({
  clientSecrets: `${serverUrl}/v1/realtime/client_secrets`,
  calls: `${serverUrl}/v1/realtime/calls`,
});
