/**
 * Runs the tool calls the voice session forwards (`bg:runTool`, accepted only from the offscreen
 * document). No tool exists yet, and none is declared in the session, so a call can only come
 * from a model that invents one: it is answered with an error outcome, never left unanswered.
 * The page tools replace this body.
 */
import { backgroundReceiver } from '@/lib/protocol/messages';
import type { ToolCall, ToolOutcome } from '@/lib/tools/contract';

export function noTool(call: ToolCall): ToolOutcome {
  return { ok: false, error: 'no tools are available', summary: `${call.name.slice(0, 60)}: no tools are available` };
}

export function registerToolHandler(bg: ReturnType<typeof backgroundReceiver>): void {
  bg.onMessage('bg:runTool', ({ data }) => noTool(data.call));
}
