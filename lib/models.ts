/**
 * Every model Hark knows by name, in one place: the realtime models offered in the options page
 * and side panel, the input transcription models, the output speed range, and the price rows the
 * cost estimate uses. Names follow the `openai` package's GA types
 * (node_modules/openai/resources/realtime/realtime.d.ts).
 */
import { t } from './i18n';

/** Offered as suggestions; any model name may still be typed (new snapshots appear often). */
export const REALTIME_MODELS = [
  'gpt-realtime',
  'gpt-realtime-mini',
  'gpt-realtime-2025-08-28',
  'gpt-realtime-mini-2025-10-06',
  'gpt-4o-realtime-preview',
  'gpt-4o-mini-realtime-preview',
];

/** `off` sends no `audio.input.transcription`: no user transcript, and nothing to fail per turn. */
export const TRANSCRIPTION_OFF = 'off';
export const TRANSCRIPTION_MODELS = ['gpt-4o-mini-transcribe', 'gpt-4o-transcribe', 'whisper-1'];
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';

/** GA `audio.output.speed`: 1.0 is normal; the API refuses values outside 0.25–1.5. */
export const SPEED = { min: 0.25, max: 1.5, default: 1 };

/** Why a speed cannot be used, as a sentence for the user; null when it is fine. */
export function speedProblem(speed: number): string | null {
  if (!Number.isFinite(speed)) return t('settings.speedNaN');
  if (speed < SPEED.min || speed > SPEED.max) return t('settings.speedRange', { min: SPEED.min, max: SPEED.max, speed });
  return null;
}

export interface Rates {
  textIn: number;
  textCached: number;
  textOut: number;
  audioIn: number;
  audioCached: number;
  audioOut: number;
  imageIn: number;
  imageCached: number;
}

/** USD per 1M tokens, from OpenAI's pricing page. A model family's dated snapshots share its row. */
export const PRICES: Record<string, Rates> = {
  'gpt-realtime': { textIn: 4, textCached: 0.4, textOut: 16, audioIn: 32, audioCached: 0.4, audioOut: 64, imageIn: 5, imageCached: 0.5 },
  'gpt-realtime-1.5': { textIn: 4, textCached: 0.4, textOut: 16, audioIn: 32, audioCached: 0.4, audioOut: 64, imageIn: 5, imageCached: 0.5 },
  'gpt-realtime-2': { textIn: 4, textCached: 0.4, textOut: 24, audioIn: 32, audioCached: 0.4, audioOut: 64, imageIn: 5, imageCached: 0.5 },
  'gpt-realtime-mini': { textIn: 0.6, textCached: 0.06, textOut: 2.4, audioIn: 10, audioCached: 0.3, audioOut: 20, imageIn: 0.8, imageCached: 0.08 },
  // The preview models take no image input; their image rates are never used.
  'gpt-4o-realtime-preview': { textIn: 5, textCached: 2.5, textOut: 20, audioIn: 40, audioCached: 2.5, audioOut: 80, imageIn: 0, imageCached: 0 },
  'gpt-4o-mini-realtime-preview': { textIn: 0.6, textCached: 0.3, textOut: 2.4, audioIn: 10, audioCached: 0.3, audioOut: 20, imageIn: 0, imageCached: 0 },
};

/** A dated snapshot suffix, e.g. `-2025-08-28`. */
const SNAPSHOT = /^-\d{4}-\d{2}-\d{2}$/;

/**
 * The price row of a model: its exact name, else the longest family whose name is followed only by a
 * snapshot date. Anything else (`gpt-realtime-2.1-mini`, an Azure deployment name) is null, because
 * a guessed row can be several times off and would make a cost cap fire early or late.
 */
export function priceFamily(model: string): string | null {
  const name = model.trim();
  if (Object.hasOwn(PRICES, name)) return name;
  const family = Object.keys(PRICES)
    .filter((k) => name.startsWith(k) && SNAPSHOT.test(name.slice(k.length)))
    .sort((a, b) => b.length - a.length)[0];
  return family ?? null;
}
