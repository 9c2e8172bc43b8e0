/**
 * A running cost estimate for a conversation, from the `usage` the server reports on every
 * `response.done` (and on input transcriptions). Prices are USD per million tokens from
 * OpenAI's model pages; they are an estimate, not a bill.
 */
import type { ServerEvent } from './realtime/protocol';
import { PRICES, priceFamily, type Rates } from './models';
import { fits, literal, num, obj, oneOf, opt, type Infer } from './realtime/shape';

export type { Rates };

/** Input transcription (gpt-4o-mini-transcribe), per 1M tokens, or per minute when billed by time. */
export const TRANSCRIPTION = { textIn: 1.25, audioIn: 3, textOut: 5, perMinute: 0.003 };

/** The price list for a model name (lib/models.ts `priceFamily`); null = no estimate. */
export function ratesFor(model: string): Rates | null {
  const family = priceFamily(model);
  return family ? PRICES[family]! : null;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  usd: number;
  /** Some usage came from a model Hark has no prices for: `usd` is too low, so show no figure. */
  unpriced?: boolean;
}

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, usd: 0 });

/** The server's usage objects, checked before they are priced: a count that is not a number is no usage. */
const TOKEN_DETAILS = { text_tokens: opt(num), audio_tokens: opt(num), image_tokens: opt(num), cached_tokens: opt(num) };
const RESPONSE_USAGE = obj({
  input_tokens: opt(num),
  output_tokens: opt(num),
  input_token_details: opt(obj({ ...TOKEN_DETAILS, cached_tokens_details: opt(obj(TOKEN_DETAILS)) })),
  output_token_details: opt(obj(TOKEN_DETAILS)),
});
type ResponseUsage = Infer<typeof RESPONSE_USAGE>;

const M = 1_000_000;

/** USD for one `response.done` usage object. Cached tokens are part of the input counts. */
export function responseCost(u: ResponseUsage, r: Rates): number {
  const d = u.input_token_details ?? {};
  const c = d.cached_tokens_details ?? {};
  const o = u.output_token_details ?? {};
  const fresh = (all?: number | null, cached?: number | null) => Math.max(0, (all ?? 0) - (cached ?? 0));
  let input =
    fresh(d.text_tokens, c.text_tokens) * r.textIn +
    fresh(d.audio_tokens, c.audio_tokens) * r.audioIn +
    fresh(d.image_tokens, c.image_tokens) * r.imageIn +
    (c.text_tokens ?? 0) * r.textCached +
    (c.audio_tokens ?? 0) * r.audioCached +
    (c.image_tokens ?? 0) * r.imageCached;
  // No breakdown (older servers): price everything as text.
  if (!u.input_token_details) input = (u.input_tokens ?? 0) * r.textIn;
  const output = o.text_tokens != null || o.audio_tokens != null
    ? (o.text_tokens ?? 0) * r.textOut + (o.audio_tokens ?? 0) * r.audioOut
    : (u.output_tokens ?? 0) * r.audioOut;
  return (input + output) / M;
}

const TRANSCRIPTION_USAGE = oneOf(
  obj({ type: literal('tokens'), input_tokens: num, output_tokens: num, input_token_details: opt(obj({ text_tokens: opt(num), audio_tokens: opt(num) })) }),
  obj({ type: literal('duration'), seconds: num }),
);
type TranscriptionUsage = Infer<typeof TRANSCRIPTION_USAGE>;

export function transcriptionCost(u: TranscriptionUsage): number {
  if (u.type === 'duration') return (u.seconds / 60) * TRANSCRIPTION.perMinute;
  const d = u.input_token_details;
  const input = d ? (d.text_tokens ?? 0) * TRANSCRIPTION.textIn + (d.audio_tokens ?? 0) * TRANSCRIPTION.audioIn : u.input_tokens * TRANSCRIPTION.audioIn;
  return (input + u.output_tokens * TRANSCRIPTION.textOut) / M;
}

/** Adds what one server event cost; events without usage leave the total unchanged. */
export function addUsage(total: Usage, e: ServerEvent, model: string): Usage {
  if (e.type === 'response.done' && fits(RESPONSE_USAGE, e.response.usage)) {
    const u = e.response.usage;
    const rates = ratesFor(model);
    const tokens = { inputTokens: total.inputTokens + (u.input_tokens ?? 0), outputTokens: total.outputTokens + (u.output_tokens ?? 0) };
    if (!rates) return { ...total, ...tokens, unpriced: true };
    return { ...total, ...tokens, usd: total.usd + responseCost(u, rates) };
  }
  if (e.type === 'conversation.item.input_audio_transcription.completed' && fits(TRANSCRIPTION_USAGE, e.usage)) {
    return { ...total, usd: total.usd + transcriptionCost(e.usage) };
  }
  return total;
}

/** A cap of 0 (or less) means no cap. */
export const overCap = (usage: Usage, capUsd: number): boolean => capUsd > 0 && usage.usd >= capUsd;
