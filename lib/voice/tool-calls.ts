/**
 * The tool seam's runtime half: a finished `function_call` from the model goes to the ToolRunner,
 * and its outcome goes back as a `function_call_output` item followed by `response.create`
 * (through the ResponseGate, so it never collides with an active response). Each call runs once;
 * an unknown tool, a throw or a timeout still produce an output, so no response waits forever.
 */
import type { RealtimeClientEvent, ServerEvent } from '../realtime/protocol';
import { TOOL_TIMEOUT_MS, type ToolCall, type ToolOutcome, type ToolRunner } from '../tools/contract';
import { outputText } from '../tools/image';
import { t } from '../i18n';

/** One way to build the answer: the same text the model reads, the same items (image included). */
export { answerItems, outputText } from '../tools/image';

export interface ToolCallHost {
  /**
   * Sends the answer (`answerItems`: the output, and an image message for a screenshot) on the
   * link of now (after a reconnect, one that has not seen the call: the host sends the call item
   * first). False: no open link; the output is kept for the replay.
   */
  deliver(call: ToolCall, outcome: ToolOutcome): boolean;
  requestResponse(): boolean;
  /** The model made a call: show a pending row. */
  started(call: ToolCall): void;
  /** The call finished (or failed): show its summary and keep its output for replay. */
  settled(call: ToolCall, outcome: ToolOutcome, output: string): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The call a server event finishes, or null. Both events may come for one call; `run` dedupes. */
export function finishedCall(e: ServerEvent): ToolCall | null {
  const c =
    e.type === 'response.output_item.done' ? (e.item.type === 'function_call' ? e.item : null) : e.type === 'response.function_call_arguments.done' ? e : null;
  if (!c || typeof c.call_id !== 'string' || !c.call_id || typeof c.name !== 'string' || typeof c.arguments !== 'string') return null;
  return { callId: c.call_id, name: c.name, arguments: c.arguments };
}

export function functionCallItem(call: ToolCall): RealtimeClientEvent {
  return { type: 'conversation.item.create', item: { type: 'function_call', call_id: call.callId, name: call.name, arguments: call.arguments } };
}

export function functionCallOutput(callId: string, output: string): RealtimeClientEvent {
  return { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output } };
}

export class ToolCalls {
  private readonly seen = new Set<string>();
  private readonly running = new Map<string, AbortController>();
  private readonly names = new Map<string, string>();

  constructor(
    private readonly runner: ToolRunner,
    private readonly host: ToolCallHost,
    private readonly timeoutMs = TOOL_TIMEOUT_MS,
  ) {}

  /** Every server event; starts the call it finishes, once per `call_id`. */
  observe(e: ServerEvent): void {
    const call = finishedCall(e);
    if (!call || this.seen.has(call.callId)) return;
    this.seen.add(call.callId);
    void this.run(call);
  }

  /** Calls already handled in this conversation (a resumed one replays them; they never run again). */
  remember(callIds: Iterable<string>): void {
    for (const id of callIds) this.seen.add(id);
  }

  get pending(): number {
    return this.running.size;
  }

  /** Names of the calls in flight (a confirming one may be waiting for a spoken "yes"). */
  get runningNames(): string[] {
    return [...this.names.values()];
  }

  private async run(call: ToolCall): Promise<void> {
    const abort = new AbortController();
    this.running.set(call.callId, abort);
    this.names.set(call.callId, call.name);
    this.host.started(call);
    let timer: unknown = null;
    // Per tool: one that waits for the user's confirmation outlives its question.
    const ms = this.runner.timeoutMs?.(call) ?? this.timeoutMs;
    const timedOut = new Promise<ToolOutcome>((resolve) => {
      timer = this.host.setTimeout(() => {
        abort.abort();
        resolve({ ok: false, error: `the tool did not answer within ${Math.round(ms / 1000)} s`, summary: t('tools.row.timedOut', { name: call.name }) });
      }, ms);
    });
    const ran = this.runner.run(call, abort.signal).catch(
      (e: unknown): ToolOutcome => ({ ok: false, error: `the tool failed: ${String(e).slice(0, 200)}`, summary: t('tools.row.callFailed', { name: call.name }) }),
    );
    const outcome = await Promise.race([ran, timedOut]);
    this.host.clearTimeout(timer);
    const stopped = this.running.get(call.callId) !== abort;
    this.running.delete(call.callId);
    this.names.delete(call.callId);
    // The conversation ended while the tool ran: nobody is waiting for the answer.
    if (stopped) return;
    const output = outputText(outcome);
    this.host.settled(call, outcome, output);
    if (this.host.deliver(call, outcome)) this.host.requestResponse();
  }

  /** The conversation ended: abort every call in flight; their outcomes are dropped. */
  stop(): void {
    for (const abort of this.running.values()) abort.abort();
    this.running.clear();
    this.names.clear();
  }
}
