/**
 * What the options page's Save does to the form before it is stored (pure, so it is unit-tested
 * rather than only clicked through): trims text fields, normalises the URLs (refusing the ones a
 * key must never go to), checks the speed and keeps numbers in the ranges the form offers.
 */
import { azureBaseUrl } from './connection';
import { MAX_TEMPLATE_CHARS } from './page/instructions';
import { DEFAULT_SETTINGS, NOISE_REDUCTIONS, normalizeServerUrl, type Settings } from './settings';
import { speedProblem } from './models';
import { normalizeScreenSites } from './tools/settings';
import { t } from './i18n';

type UrlField = 'serverUrl' | 'tokenServerUrl' | 'localServerUrl' | 'azureResourceUrl';

/** URL fields and how each is normalised. Only the OpenAI server URL falls back when empty. */
const URL_FIELDS: [UrlField, (s: string) => string][] = [
  ['serverUrl', normalizeServerUrl],
  ['tokenServerUrl', normalizeServerUrl],
  ['localServerUrl', normalizeServerUrl],
  ['azureResourceUrl', azureBaseUrl],
];

/** The ranges the form's number inputs offer (a typed-in value can be anything). */
export const MINUTES_MAX = { idleTimeoutMinutes: 120, keepReadyMinutes: 60 } as const;

export type NormalizedSettings = { ok: true; settings: Settings } | { ok: false; error: string };

/** `speedText` is the speed as typed (null = untouched, keep `draft.speed`). */
export function normalizeSettings(draft: Settings, speedText: string | null = null): NormalizedSettings {
  const urls: Partial<Pick<Settings, UrlField>> = {};
  for (const [k, norm] of URL_FIELDS) {
    if (k !== 'serverUrl' && !draft[k].trim()) {
      urls[k] = '';
      continue;
    }
    try {
      urls[k] = norm(draft[k]);
    } catch (e) {
      // Not a URL, a password in it, or plain http off this computer: the message says which.
      return { ok: false, error: e instanceof Error ? e.message : `"${draft[k]}" is not a valid URL.` };
    }
  }
  const speed = speedText == null ? draft.speed : Number(speedText.trim() || Number.NaN);
  const badSpeed = speedProblem(speed);
  if (badSpeed) return { ok: false, error: badSpeed };
  const screen = normalizeScreenSites(draft.tools.screenSites);
  if (!screen.ok) return { ok: false, error: t('tools.screenSites.invalid', { site: screen.bad }) };
  return {
    ok: true,
    settings: {
      ...draft,
      ...urls,
      azureDeployment: draft.azureDeployment.trim(),
      azureTranscriptionDeployment: draft.azureTranscriptionDeployment.trim(),
      speed,
      model: draft.model.trim() || DEFAULT_SETTINGS.model,
      instructionsTemplate: draft.instructionsTemplate.slice(0, MAX_TEMPLATE_CHARS),
      transcriptionLanguage: draft.transcriptionLanguage.trim().toLowerCase(),
      siteRules: { ...draft.siteRules, neverSend: lines(draft.siteRules.neverSend), allowlist: lines(draft.siteRules.allowlist) },
      idleTimeoutMinutes: clamp(draft.idleTimeoutMinutes, 0, MINUTES_MAX.idleTimeoutMinutes, 0),
      keepReadyMinutes: clamp(draft.keepReadyMinutes, 0, MINUTES_MAX.keepReadyMinutes, 0),
      costCapUsd: clamp(draft.costCapUsd, 0, Number.POSITIVE_INFINITY, 0),
      assistantVolume: clamp(draft.assistantVolume, 0, 1, DEFAULT_SETTINGS.assistantVolume),
      noiseReduction: NOISE_REDUCTIONS.includes(draft.noiseReduction) ? draft.noiseReduction : DEFAULT_SETTINGS.noiseReduction,
      greeting: draft.greeting !== false,
      textReplies: draft.textReplies === true,
      tools: { ...draft.tools, screenSites: screen.sites },
    },
  };
}

const lines = (list: string[]) => list.map((l) => l.trim()).filter(Boolean);

/** Within [min, max]; anything not a finite number reads as `fallback`. */
function clamp(n: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
