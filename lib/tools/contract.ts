/**
 * The seam between the voice session, which receives Realtime `function_call` items, and
 * whatever runs tools (the page tools live in the service worker, next to the tab). The voice
 * session only knows this contract: it declares `definitions` in the session, hands each
 * finished call to `run`, and sends the outcome back as a `function_call_output` item followed
 * by `response.create`. A tool that throws, times out or is unknown still produces an outcome,
 * so a response is never left waiting on a tool.
 */

/** A function tool as declared in the GA session (`session.tools`). */
export interface ToolDefinition {
  type: 'function';
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** One call the model made: `call_id`, tool name and the raw JSON arguments string. */
export interface ToolCall {
  callId: string;
  name: string;
  arguments: string;
}

/**
 * What a tool produced. `output` goes to the model (as JSON text in `function_call_output`);
 * `summary` is the short line the user sees in the transcript ("Searched the page for 'defrost' —
 * 3 passages"). A refusal or denial is an outcome with `ok: false`, not an exception.
 */
export type ToolOutcome =
  | { ok: true; output: unknown; summary: string }
  | { ok: false; error: string; summary: string };

/** Runs tool calls. The voice session aborts `signal` when the conversation ends or the call times out. */
export interface ToolRunner {
  run(call: ToolCall, signal: AbortSignal): Promise<ToolOutcome>;
  /**
   * How long this call may take (optional; TOOL_TIMEOUT_MS when absent). A tool that waits for
   * the user's confirmation needs longer than one that only reads: see `toolTimeoutMs`.
   */
  timeoutMs?(call: ToolCall): number;
}

/** How long a tool may take before its call is answered with a timeout error (user confirmations excepted). */
export const TOOL_TIMEOUT_MS = 15_000;
