/** User settings (pure: no browser APIs). Storage items live in `lib/state/`. */
import { DEFAULT_SITE_RULES, type SiteRules } from './page/site-rules';
import { DEFAULT_KEEP_READY_MINUTES } from './session/standby';
import { transportProblem } from './secret-origin';
import { t } from './i18n';
import { DEFAULT_TRANSCRIPTION_MODEL, SPEED, speedProblem } from './models';
import { DEFAULT_TOOL_SETTINGS, withToolDefaults, type ToolSettings } from './tools/settings';
import { DEFAULT_DEVICES, type DeviceChoice } from './audio/devices';

/**
 * How Hark gets its ephemeral keys (see lib/connection.ts):
 * - 'openai': the user's own API key, minted at `serverUrl` (default api.openai.com);
 * - 'token-server': a team's Hark token server (server/token), with the user's access token;
 * - 'local': the bundled local Realtime server, no key at all;
 * - 'azure': Azure OpenAI (resource URL + deployment + api-key).
 */
export type ConnectionMode = 'openai' | 'token-server' | 'local' | 'azure';
export const CONNECTION_MODES: ConnectionMode[] = ['openai', 'token-server', 'local', 'azure'];

export interface Settings extends DeviceChoice {
  mode: ConnectionMode;
  /** Mode 'openai': where keys are minted and calls go (an OpenAI-compatible server). */
  serverUrl: string;
  /** Mode 'token-server': base URL of the team's token server. */
  tokenServerUrl: string;
  /** Mode 'local': base URL of the local Realtime server. */
  localServerUrl: string;
  /** Mode 'azure': `https://{resource}.openai.azure.com`. */
  azureResourceUrl: string;
  /** Mode 'azure': the deployment name (sent as `session.model`). */
  azureDeployment: string;
  /**
   * Mode 'azure': the deployment that transcribes the user's speech. Azure wants a deployment
   * name here, not an OpenAI model id; empty or `off` = no input transcription.
   */
  azureTranscriptionDeployment: string;
  model: string;
  /** Input transcription model (lib/models.ts), or `off`. Azure uses `azureTranscriptionDeployment`. */
  transcriptionModel: string;
  /** Assistant speech speed, GA `audio.output.speed` (0.25–1.5). */
  speed: number;
  voice: string;
  /** Which pages may be read at all (never-send list, allowlist-only mode, files, incognito). */
  siteRules: SiteRules;
  /** The user's own instructions template ({{title}}, {{url}}, …); empty = Hark's default. */
  instructionsTemplate: string;
  /** ISO-639-1 code for input transcription; empty = follow the page, then the browser locale. */
  transcriptionLanguage: string;
  /** Who decides when the user's turn ends: the server's VAD, semantic VAD, or push-to-talk. */
  turnDetection: TurnMode;
  /** Stop a conversation once its estimated cost reaches this many USD; 0 = no cap. */
  costCapUsd: number;
  /** Mute other audible tabs while the assistant talks (restored after). */
  muteOtherTabs: boolean;
  /** Assistant playback volume, 0–1. */
  assistantVolume: number;
  /** End a conversation (and release the microphone) after this many minutes of silence; 0 = never. */
  idleTimeoutMinutes: number;
  /** Stop the conversation when the side panel is closed. */
  stopWhenPanelCloses: boolean;
  /** After a conversation, keep the (hung-up) audio engine this many minutes while the side panel is open; 0 = release it at once. */
  keepReadyMinutes: number;
  /** Page tools the assistant may use (per-tool on/off; the screen capture is off by default). */
  tools: ToolSettings;
  /** The assistant speaks first: one short sentence about the page when a conversation starts (never on a reconnect). */
  greeting: boolean;
  /** GA `audio.input.noise_reduction`: near field (headsets, close microphones), far field (laptop and room microphones), or off. */
  noiseReduction: NoiseReduction;
  /** Quiet mode: the assistant answers in text only (`output_modalities: ['text']`); the microphone still works. */
  textReplies: boolean;
}

export type NoiseReduction = 'near_field' | 'far_field' | 'off';
export const NOISE_REDUCTIONS: NoiseReduction[] = ['near_field', 'far_field', 'off'];

export type TurnMode = 'server_vad' | 'semantic_vad' | 'manual';
export const TURN_MODES: TurnMode[] = ['server_vad', 'semantic_vad', 'manual'];

export const DEFAULT_SETTINGS: Settings = {
  mode: 'openai',
  serverUrl: 'https://api.openai.com',
  tokenServerUrl: '',
  localServerUrl: 'http://127.0.0.1:8787',
  azureResourceUrl: '',
  azureDeployment: '',
  azureTranscriptionDeployment: '',
  model: 'gpt-realtime',
  transcriptionModel: DEFAULT_TRANSCRIPTION_MODEL,
  speed: SPEED.default,
  voice: 'marin',
  siteRules: DEFAULT_SITE_RULES,
  instructionsTemplate: '',
  transcriptionLanguage: '',
  turnDetection: 'server_vad',
  costCapUsd: 0,
  muteOtherTabs: false,
  assistantVolume: 1,
  idleTimeoutMinutes: 5,
  stopWhenPanelCloses: false,
  keepReadyMinutes: DEFAULT_KEEP_READY_MINUTES,
  tools: DEFAULT_TOOL_SETTINGS,
  greeting: true,
  noiseReduction: 'near_field',
  textReplies: false,
  ...DEFAULT_DEVICES,
};

/** Settings saved by an older version lack newer fields: fill them from the defaults. */
export function withDefaults(saved: Partial<Settings> | null | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...saved,
    mode: saved?.mode && CONNECTION_MODES.includes(saved.mode) ? saved.mode : DEFAULT_SETTINGS.mode,
    siteRules: { ...DEFAULT_SITE_RULES, ...saved?.siteRules },
    tools: withToolDefaults(saved?.tools),
    // A speed the API would refuse would fail every mint; fall back rather than never connect.
    speed: typeof saved?.speed === 'number' && !speedProblem(saved.speed) ? saved.speed : SPEED.default,
    // A value the API does not know would have the whole session refused.
    noiseReduction: saved?.noiseReduction && NOISE_REDUCTIONS.includes(saved.noiseReduction) ? saved.noiseReduction : DEFAULT_SETTINGS.noiseReduction,
  };
}

/** GA voices (protocol doc §3.2); `marin` and `cedar` are the recommended ones. */
export const VOICES = ['marin', 'cedar', 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse'];

/**
 * Normalises what a user typed as the server URL ("localhost:8787/" → "http://localhost:8787").
 * Throws an Error whose message the options page shows as is: not a URL, a user name or password
 * in it, or plain http to anything but this computer (lib/secret-origin.ts).
 */
export function normalizeServerUrl(input: string): string {
  let s = input.trim().replace(/\/+$/, '');
  if (!s) return DEFAULT_SETTINGS.serverUrl;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `${/^(localhost|127\.|\[::1\])/.test(s) ? 'http' : 'https'}://${s}`;
  let url: string;
  try {
    url = new URL(s).toString().replace(/\/+$/, '');
  } catch {
    throw new Error(t('options.invalidUrl', { value: input.trim() }));
  }
  const problem = transportProblem(url);
  if (problem) throw new Error(problem);
  return url;
}

export const realtimeUrls = (serverUrl: string) => ({
  clientSecrets: `${serverUrl}/v1/realtime/client_secrets`,
  calls: `${serverUrl}/v1/realtime/calls`,
});
