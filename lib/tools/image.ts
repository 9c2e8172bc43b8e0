/**
 * look_at_screen's picture goes to the model as an image, not as text: a base64 string in a
 * `function_call_output` would cost thousands of tokens and the model could not see it. The
 * outcome carries the data URL in `output.image_url`; the voice session turns an outcome into
 * Realtime events with `outcomeEvents`: the output (without the image) and then a user message
 * holding an `input_image` content part, before `response.create`.
 */
import { isRecord } from '../realtime/shape';
import type { ToolCall, ToolOutcome } from './contract';

export interface ImageOutput {
  image_url: string;
  [key: string]: unknown;
}

export function hasImage(output: unknown): output is ImageOutput {
  return isRecord(output) && typeof output.image_url === 'string' && output.image_url.startsWith('data:image/');
}

/** What the model gets as the function output's text: JSON, with the image replaced by a note. */
export function outputText(outcome: ToolOutcome): string {
  if (!outcome.ok) return JSON.stringify({ error: outcome.error });
  if (hasImage(outcome.output)) {
    const { image_url: _image, ...rest } = outcome.output;
    return JSON.stringify({ ...rest, image: 'attached as the next message' });
  }
  return JSON.stringify(outcome.output ?? null);
}

export type ToolClientEvent =
  | { type: 'conversation.item.create'; item: { type: 'function_call_output'; call_id: string; output: string } }
  | { type: 'conversation.item.create'; item: { type: 'message'; role: 'user'; content: Array<{ type: 'input_image'; image_url: string; detail: 'auto' }> } }
  | { type: 'response.create' };

/**
 * The conversation items that answer one tool call, in order: the output, then the image (if
 * any). The voice session sends these (and replays the output); `response.create` goes through
 * its ResponseGate.
 */
export function answerItems(call: ToolCall, outcome: ToolOutcome): ToolClientEvent[] {
  const events: ToolClientEvent[] = [
    { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.callId, output: outputText(outcome) } },
  ];
  if (outcome.ok && hasImage(outcome.output)) {
    events.push({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: outcome.output.image_url, detail: 'auto' }] },
    });
  }
  return events;
}

/** The events that answer one tool call, in order, ending with `response.create`. */
export function outcomeEvents(call: ToolCall, outcome: ToolOutcome): ToolClientEvent[] {
  return [...answerItems(call, outcome), { type: 'response.create' }];
}
