// @ts-check
/**
 * One assistant response, emitted in the order of protocol doc §6B/§5.4:
 *
 *   response.created → rate_limits.updated → response.output_item.added →
 *   conversation.item.added (assistant) → response.content_part.added (part.type "audio") →
 *   [pending user transcription events] → transcript delta ×N, one word every `deltaMs`, with
 *   output_audio_buffer.started right after the first delta (audio starts) →
 *   response.output_audio.done → response.output_audio_transcript.done →
 *   response.content_part.done → response.output_item.done → conversation.item.done →
 *   response.done … and, from the audio player, output_audio_buffer.stopped once the audio
 *   has been sent (long after response.done: generation outruns playback, as in the real API).
 *
 * With `output_modalities: ["text"]` the text events replace the audio ones and no audio plays.
 */
import { itemId, obfuscation, responseId } from './ids.mjs';
import { wordDeltas } from './reply-text.mjs';
import { synthesizeWords } from './tone-synth.mjs';

/** @typedef {Record<string, any>} Json */

/**
 * What a response needs from its call.
 * @typedef {{
 *   emit: (event: Json) => void,
 *   session: Json,
 *   conversation: import('./conversation.mjs').Conversation,
 *   conversationId: string,
 *   player: import('./audio-out.mjs').AudioPlayer,
 *   timing: { deltaMs: number, wordMs: number },
 *   usageTotals: { tokens: number, lastInputTokens: number },
 *   flushTranscriptions: () => void,
 *   setTimer: (fn: () => void, ms: number) => NodeJS.Timeout,
 *   responseFinished: (run: ResponseRun) => void,
 *   scriptedRateLimits?: Json[] | null,
 * }} ResponseHost
 */

/** @typedef {{ status: 'failed' | 'incomplete', status_details: Json }} Outcome */

const RATE_LIMIT_TOKENS = 40000;

export class ResponseRun {
  /**
   * @param {ResponseHost} host
   * @param {{ text: string, params?: Json, reason: string, outcome?: Outcome | null }} opts
   */
  constructor(host, opts) {
    this.host = host;
    /** How it ends when not `completed` (scripted by `/_control/next-response`). */
    this.outcome = opts.outcome ?? null;
    this.text = opts.text;
    this.params = opts.params ?? {};
    this.reason = opts.reason;
    this.id = responseId();
    this.itemId = itemId();
    const modality = (this.params.output_modalities ?? host.session.output_modalities ?? ['audio'])[0];
    this.modality = modality === 'text' ? 'text' : 'audio';
    this.inConversation = this.params.conversation !== 'none';
    this.words = wordDeltas(this.text);
    // Cut off mid-reply: a scripted `incomplete` says the first half; a `max_output_tokens` limit
    // (response or session) stops where the output tokens run out, as the real API does.
    const cut = this.outcome?.status === 'incomplete' ? Math.max(1, Math.ceil(this.words.length / 2)) : this.fittingWords(host);
    if (cut < this.words.length) {
      this.outcome ??= { status: 'incomplete', status_details: { type: 'incomplete', reason: 'max_output_tokens' } };
      this.words = this.words.slice(0, cut);
      this.text = this.words.join('');
    }
    this.sent = 0;
    /** @type {'in_progress' | 'completed' | 'cancelled' | 'incomplete' | 'failed'} */
    this.status = 'in_progress';
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    /** @type {string | null} */
    this.previousItemId = null;
    /** @type {Json} the assistant item; also the object stored in the conversation */
    this.item = { id: this.itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    this.audioMs = this.modality === 'audio' ? this.words.length * host.timing.wordMs : 0;
    /** Usage is added to the call's totals once, when first reported. */
    this.usageCounted = false;
  }

  /**
   * How many words fit in `max_output_tokens` (all of them when it is 'inf'), counted as `usage()`
   * counts output: ≈4 characters per text token, 25 audio tokens per second.
   * @param {ResponseHost} host
   */
  fittingWords(host) {
    const limit = this.params.max_output_tokens ?? host.session.max_output_tokens;
    if (!Number.isInteger(limit)) return this.words.length;
    let tokens = 0;
    for (let i = 0; i < this.words.length; i++) {
      tokens += Math.ceil(this.words[i].length / 4) + (this.modality === 'audio' ? Math.ceil(host.timing.wordMs / 40) : 0);
      if (tokens > limit) return i;
    }
    return this.words.length;
  }

  get active() {
    return this.status === 'in_progress';
  }

  /** Emits the opening events synchronously, then streams the words on a timer. */
  start() {
    const { host } = this;
    this.announce();
    if (this.outcome?.status === 'failed') {
      // A failed response (rate limit, no credit, server error) produces no output at all.
      this.timer = host.setTimer(() => this.fail(), host.timing.deltaMs);
      return;
    }
    this.addItem(() => {
      host.conversation.text.set(this.itemId, this.text);
      host.conversation.audioMs.set(this.itemId, this.audioMs);
    });
    host.emit({
      ...this.partRef(),
      type: 'response.content_part.added',
      part: this.modality === 'audio' ? { type: 'audio', transcript: '' } : { type: 'text', text: '' },
    });
    this.stream();
  }

  /** How every response opens: `response.created`, then `rate_limits.updated`. */
  announce() {
    this.host.emit({ type: 'response.created', response: this.responseObject([], null) });
    this.host.emit({ type: 'rate_limits.updated', rate_limits: this.rateLimits() });
  }

  /**
   * The output item appears: `response.output_item.added`, then (when the response is part of the
   * conversation) `conversation.item.added`. `joined` runs once the item is in the conversation.
   * @param {() => void} [joined]
   */
  addItem(joined) {
    const { host } = this;
    host.emit({ type: 'response.output_item.added', response_id: this.id, output_index: 0, item: structuredClone(this.item) });
    if (!this.inConversation) return;
    this.previousItemId = host.conversation.add(this.item);
    joined?.();
    host.emit({ type: 'conversation.item.added', previous_item_id: this.previousItemId, item: structuredClone(this.item) });
  }

  /** Streams the deltas (`step`) on a timer; `finish` when there are none. */
  stream() {
    // The real API delivers user transcription asynchronously, typically after the response began.
    this.host.flushTranscriptions();
    if (this.words.length === 0) this.finish();
    else this.timer = this.host.setTimer(() => this.step(), this.host.timing.deltaMs);
  }

  /**
   * How every response with output closes: `response.output_item.done`, `conversation.item.done`
   * (in the conversation), then `response.done` with the item as its output.
   * @param {'completed' | 'incomplete'} status
   * @param {Json | null} statusDetails
   */
  complete(status, statusDetails) {
    const { host } = this;
    host.emit({ type: 'response.output_item.done', response_id: this.id, output_index: 0, item: structuredClone(this.item) });
    if (this.inConversation) {
      host.emit({ type: 'conversation.item.done', previous_item_id: this.previousItemId, item: structuredClone(this.item) });
    }
    this.status = status;
    host.emit({ type: 'response.done', response: this.responseObject([structuredClone(this.item)], statusDetails) });
    host.responseFinished(this);
  }

  step() {
    this.timer = null;
    if (!this.active) return;
    const delta = this.words[this.sent++];
    const type = this.modality === 'audio' ? 'response.output_audio_transcript.delta' : 'response.output_text.delta';
    this.host.emit({ ...this.partRef(), type, delta, obfuscation: obfuscation(delta) });
    if (this.modality === 'audio' && this.sent === 1) {
      // Audio starts streaming now; the player announces output_audio_buffer.started.
      this.host.player.play(synthesizeWords(this.words, this.host.timing.wordMs), this.id);
    }
    if (this.sent < this.words.length) this.timer = this.host.setTimer(() => this.step(), this.host.timing.deltaMs);
    else this.finish();
  }

  finish() {
    const { host, text } = this;
    const ref = this.partRef();
    if (this.modality === 'audio') {
      host.emit({ ...ref, type: 'response.output_audio.done' });
      host.emit({ ...ref, type: 'response.output_audio_transcript.done', transcript: text });
      host.emit({ ...ref, type: 'response.content_part.done', part: { type: 'audio', transcript: text } });
      this.item.content = [{ type: 'output_audio', transcript: text }];
    } else {
      host.emit({ ...ref, type: 'response.output_text.done', text });
      host.emit({ ...ref, type: 'response.content_part.done', part: { type: 'text', text } });
      this.item.content = [{ type: 'output_text', text }];
    }
    this.item.status = this.outcome ? 'incomplete' : 'completed';
    this.complete(this.outcome ? 'incomplete' : 'completed', this.outcome?.status_details ?? null);
  }

  /** Ends a scripted `failed` response: `response.done` with no output. */
  fail() {
    this.timer = null;
    if (!this.active) return;
    this.status = 'failed';
    this.host.emit({ type: 'response.done', response: this.responseObject([], this.outcome?.status_details ?? null) });
    this.host.responseFinished(this);
  }

  /**
   * Stops generating and reports `response.done` with status cancelled. Audio is the caller's
   * business (barge-in and `response.cancel` clear it differently).
   * @param {'turn_detected' | 'client_cancelled'} reason
   */
  cancel(reason) {
    if (!this.active) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.status = 'cancelled';
    const partial = this.words.slice(0, this.sent).join('');
    this.item.status = 'incomplete';
    if (this.sent > 0) {
      this.item.content = [this.modality === 'audio' ? { type: 'output_audio', transcript: partial } : { type: 'output_text', text: partial }];
    }
    this.host.conversation.text.set(this.itemId, partial);
    const output = this.sent > 0 ? [structuredClone(this.item)] : [];
    this.host.emit({
      type: 'response.done',
      response: this.responseObject(output, { type: 'cancelled', reason }),
    });
    this.host.responseFinished(this);
  }

  /** Stops timers without emitting anything (the call is closing). */
  abandon() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.status = 'cancelled';
  }

  partRef() {
    return { response_id: this.id, item_id: this.itemId, output_index: 0, content_index: 0 };
  }

  /** @param {Json[]} output @param {Json | null} statusDetails */
  responseObject(output, statusDetails) {
    const { session } = this.host;
    return {
      object: 'realtime.response',
      id: this.id,
      status: this.status,
      status_details: statusDetails,
      output,
      conversation_id: this.inConversation ? this.host.conversationId : null,
      output_modalities: [this.modality],
      max_output_tokens: this.params.max_output_tokens ?? session.max_output_tokens ?? 'inf',
      audio: { output: { format: session.audio.output.format, voice: session.audio.output.voice } },
      usage: this.status === 'in_progress' ? null : this.usage(),
      metadata: this.params.metadata ?? null,
    };
  }

  rateLimits() {
    // A test scripted the numbers (`/_control/rate-limits`): report them as given.
    if (this.host.scriptedRateLimits) return structuredClone(this.host.scriptedRateLimits);
    const used = this.host.usageTotals.tokens;
    return [
      {
        name: 'tokens',
        limit: RATE_LIMIT_TOKENS,
        remaining: Math.max(0, RATE_LIMIT_TOKENS - used),
        reset_seconds: Math.round(used * 1.5) / 1000,
      },
    ];
  }

  /** Plausible token counts (≈4 characters per text token, 10 input / 25 output audio tokens per second). */
  usage() {
    const { host } = this;
    const instructions = this.params.instructions ?? host.session.instructions ?? '';
    let textChars = instructions.length;
    let audioMs = 0;
    for (const item of host.conversation.items) {
      if (item.id === this.itemId) continue;
      const spoken = item.content?.some((/** @type {Json} */ c) => c.type === 'input_audio');
      if (spoken) audioMs += host.conversation.audioMs.get(item.id) ?? 0;
      else textChars += (host.conversation.text.get(item.id) ?? '').length;
    }
    const inText = Math.ceil(textChars / 4);
    const inAudio = Math.ceil(audioMs / 100);
    const input = inText + inAudio;
    const cached = Math.min(input, Math.floor(host.usageTotals.lastInputTokens / 64) * 64);
    const cachedAudio = Math.min(inAudio, Math.round((cached * inAudio) / Math.max(1, input)));
    const fraction = this.active || this.status === 'completed' ? 1 : this.sent / Math.max(1, this.words.length);
    const outText = Math.ceil((this.text.length * fraction) / 4);
    const outAudio = Math.ceil((this.audioMs * fraction) / 40);
    const usage = {
      total_tokens: input + outText + outAudio,
      input_tokens: input,
      output_tokens: outText + outAudio,
      input_token_details: {
        text_tokens: inText,
        audio_tokens: inAudio,
        image_tokens: 0,
        cached_tokens: cached,
        cached_tokens_details: { text_tokens: cached - cachedAudio, audio_tokens: cachedAudio, image_tokens: 0 },
      },
      output_token_details: { text_tokens: outText, audio_tokens: outAudio },
    };
    if (!this.usageCounted) {
      this.usageCounted = true;
      host.usageTotals.tokens += usage.total_tokens;
      host.usageTotals.lastInputTokens = input;
    }
    return usage;
  }
}
