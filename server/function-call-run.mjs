// @ts-check
/**
 * A response in which the model calls a function instead of speaking (scripted by
 * `/_control/function-call`), in the order of protocol doc §5.8:
 *
 *   response.created → rate_limits.updated → response.output_item.added (function_call,
 *   in_progress, arguments "") → conversation.item.added → response.function_call_arguments.delta
 *   ×N → response.function_call_arguments.done (with name) → response.output_item.done →
 *   conversation.item.done → response.done (status completed, output = the function_call item)
 *
 * No audio, no content parts. The client answers with a `function_call_output` item and a
 * `response.create`; that response is an ordinary one whose reply quotes the output.
 */
import { functionCallId } from './ids.mjs';
import { ResponseRun } from './response-run.mjs';

/** @typedef {Record<string, any>} Json */
/** @typedef {{ name: string, arguments: string, call_id?: string }} ScriptedCall */

/** Arguments stream in pieces of this many characters, like the model's token-sized deltas. */
const CHUNK = 8;

export class FunctionCallRun extends ResponseRun {
  /**
   * @param {import('./response-run.mjs').ResponseHost} host
   * @param {{ call: ScriptedCall, params?: Json, reason: string }} opts
   */
  constructor(host, opts) {
    super(host, { text: opts.call.arguments, params: opts.params, reason: opts.reason, outcome: null });
    // A tool call is not cut by max_output_tokens here: the test scripted exactly these arguments.
    Object.assign(this, { outcome: null });
    this.text = opts.call.arguments;
    this.words = this.text.match(new RegExp(`[\\s\\S]{1,${CHUNK}}`, 'g')) ?? [];
    this.audioMs = 0;
    this.callId = opts.call.call_id ?? functionCallId();
    this.name = opts.call.name;
    /** @type {Json} */
    this.item = { id: this.itemId, type: 'function_call', status: 'in_progress', name: this.name, call_id: this.callId, arguments: '' };
  }

  start() {
    this.announce();
    this.addItem();
    this.stream();
  }

  step() {
    this.timer = null;
    if (!this.active) return;
    const delta = this.words[this.sent++];
    this.host.emit({ ...this.callRef(), type: 'response.function_call_arguments.delta', delta });
    if (this.sent < this.words.length) this.timer = this.host.setTimer(() => this.step(), this.host.timing.deltaMs);
    else this.finish();
  }

  finish() {
    const { host } = this;
    host.emit({ ...this.callRef(), type: 'response.function_call_arguments.done', name: this.name, arguments: this.text });
    this.item.arguments = this.text;
    this.item.status = 'completed';
    host.conversation.text.set(this.itemId, '');
    this.complete('completed', null);
  }

  /** @param {'turn_detected' | 'client_cancelled'} reason */
  cancel(reason) {
    if (!this.active) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.status = 'cancelled';
    this.item.status = 'incomplete';
    this.item.arguments = this.words.slice(0, this.sent).join('');
    const output = this.sent > 0 ? [structuredClone(this.item)] : [];
    this.host.emit({ type: 'response.done', response: this.responseObject(output, { type: 'cancelled', reason }) });
    this.host.responseFinished(this);
  }

  callRef() {
    return { response_id: this.id, item_id: this.itemId, output_index: 0, call_id: this.callId };
  }
}
