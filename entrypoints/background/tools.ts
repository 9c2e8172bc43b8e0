/**
 * Runs the tool calls the voice session forwards (`bg:runTool`, accepted only from the offscreen
 * document) with the page tools of tool-host.ts. Each call gets its own AbortController: when
 * the conversation ends, calls still running (a confirmation nobody answered, a slow read) are
 * aborted, so nothing acts for a conversation that is over. tool-host cancels the pending
 * confirmations and clears highlights on the same transition.
 */
import { backgroundReceiver } from '@/lib/protocol/messages';
import { sessionRecordItem } from '@/lib/state/storage';
import type { ToolCall, ToolOutcome } from '@/lib/tools/contract';
import { runTool } from './tool-host';

const running = new Set<AbortController>();

export async function runToolCall(call: ToolCall): Promise<ToolOutcome> {
  const abort = new AbortController();
  running.add(abort);
  try {
    return await runTool(call, abort.signal);
  } finally {
    running.delete(abort);
  }
}

/** The conversation ended: every call still running is aborted (its answer is dropped by the session). */
export function abortRunningTools(): void {
  for (const abort of running) abort.abort();
  running.clear();
}

export function registerToolHandler(bg: ReturnType<typeof backgroundReceiver>): void {
  bg.onMessage('bg:runTool', ({ data }) => runToolCall(data.call));
  sessionRecordItem.watch((rec, old) => {
    if (rec?.state.status === 'idle' && old?.state.status !== 'idle') abortRunningTools();
  });
}
