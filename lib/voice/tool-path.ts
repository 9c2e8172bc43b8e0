/**
 * Ties tool calls to the voice session: a call shows as a `tool` row in the transcript, its
 * output goes to the link of now, and a reconnect replays finished calls (see replay.ts). An
 * output that finds no open link is kept in the row; the replay carries it and a reply is asked
 * for once the new session is live.
 */
import type { ServerEvent } from '../realtime/protocol';
import type { ToolCall, ToolRunner } from '../tools/contract';
import { addToolCall, settleToolCall, type Transcript } from '../transcript/reduce';
import type { Link } from './link';
import { answerItems, functionCallItem, ToolCalls } from './tool-calls';
import type { VoiceClock } from './transport';
import { t } from '../i18n';

export interface ToolPathHost {
  link(): Link | null;
  transcript(): Transcript;
  setTranscript(next: Transcript, changed: string[]): void;
  clock: VoiceClock;
}

/** No tools are declared when there is no runner; a model that calls one anyway gets an error, not silence. */
const NO_TOOLS: ToolRunner = {
  run: async (call) => ({ ok: false, error: 'no tools are available', summary: t('tools.row.notAvailable', { name: call.name }) }),
};

export const toolRowId = (callId: string): string => `tool-${callId}`;

export function createToolPath(runner: ToolRunner | undefined, host: ToolPathHost) {
  /** The link each call is known to (it came on it, or was replayed into it). */
  const knownOn = new Map<string, Link>();
  /** Outputs that found no open link: the replay carries them; a reply is owed. */
  const undelivered = new Set<string>();

  const make = () =>
    new ToolCalls(runner ?? NO_TOOLS, {
      started(call: ToolCall) {
        const link = host.link();
        if (link) knownOn.set(call.callId, link);
        const id = toolRowId(call.callId);
        const tool = { callId: call.callId, name: call.name, arguments: call.arguments };
        host.setTranscript(addToolCall(host.transcript(), id, tool, t('tools.row.pending', { name: call.name }), host.clock.now()), [id]);
      },
      settled(call, outcome, output) {
        const id = toolRowId(call.callId);
        host.setTranscript(settleToolCall(host.transcript(), id, outcome.summary, output), [id]);
      },
      deliver(call, outcome) {
        const link = host.link();
        // A new session never saw this call (it was made on the link that dropped): tell it first.
        const sent =
          !!link && (knownOn.get(call.callId) === link || link.send(functionCallItem(call))) && answerItems(call, outcome).every((e) => link.send(e));
        if (!sent) undelivered.add(call.callId);
        return sent;
      },
      requestResponse: () => host.link()?.requestResponse() ?? false,
      setTimeout: (fn, ms) => host.clock.setTimeout(fn, ms),
      clearTimeout: (h) => host.clock.clearTimeout(h),
    });
  let calls = make();

  return {
    observe: (e: ServerEvent) => calls.observe(e),
    /** A new conversation: no call of the last one runs or counts. */
    reset(): void {
      calls.stop();
      calls = make();
      knownOn.clear();
      undelivered.clear();
    },
    /** Calls in a resumed transcript were handled already. */
    remember(t: Transcript): void {
      calls.remember(t.order.flatMap((id) => t.byId[id]?.tool?.callId ?? []));
    },
    /** The replay into `link` is sent: finished calls are known there; answer outputs that missed the old link. */
    replayed(link: Link): void {
      const t = host.transcript();
      for (const id of t.order) {
        const tool = t.byId[id]?.tool;
        if (tool?.output !== undefined) knownOn.set(tool.callId, link);
      }
      if (undelivered.size) link.requestResponse();
      undelivered.clear();
    },
    stop: () => calls.stop(),
    get pending(): number {
      return calls.pending;
    },
    /** Names of the tool calls in flight. */
    runningNames: (): string[] => calls.runningNames,
  };
}
