import { describe, expect, it } from 'vitest';
import type { RealtimeClientEvent } from '@/lib/realtime/protocol';
import { TOOL_TIMEOUT_MS, type ToolCall, type ToolOutcome, type ToolRunner } from '@/lib/tools/contract';
import { CONFIRM_TIMEOUT_MS, toolTimeoutMs } from '@/lib/tools/confirm';
import { outputText as toolsOutputText } from '@/lib/tools/image';
import { outputText } from '@/lib/voice/tool-calls';
import { functionCallItemDone } from '../fixtures/realtime-events';
import { flush, voiceSetup } from '../fakes/voice-setup';

const items = (sent: RealtimeClientEvent[]) => sent.flatMap((e) => (e.type === 'conversation.item.create' ? [e.item] : []));
const IMAGE = 'data:image/jpeg;base64,AAAA';

function pending(timeoutMs?: (call: ToolCall) => number) {
  const signals: AbortSignal[] = [];
  const tools: ToolRunner = {
    run: (_call, signal) => {
      signals.push(signal);
      return new Promise<ToolOutcome>(() => {});
    },
    ...(timeoutMs ? { timeoutMs } : {}),
  };
  return { tools, signals };
}

describe('tool seam: per-tool timeout', () => {
  it('a confirming tool outlives its confirmation question; a reading tool keeps the short timeout', () => {
    expect(toolTimeoutMs('open_link')).toBeGreaterThan(CONFIRM_TIMEOUT_MS);
    expect(toolTimeoutMs('go_back')).toBeGreaterThan(CONFIRM_TIMEOUT_MS);
    expect(toolTimeoutMs('look_at_screen')).toBeGreaterThan(CONFIRM_TIMEOUT_MS);
    expect(toolTimeoutMs('find_on_page')).toBe(TOOL_TIMEOUT_MS);
  });

  it('a call waiting for the user is not cut off at the 15 s read timeout', async () => {
    const r = pending((call) => toolTimeoutMs(call.name));
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'open_link', '{"link_id":"l1"}'));
    await flush();
    s.clock.advance(TOOL_TIMEOUT_MS + 1000);
    await flush();
    expect(r.signals[0]!.aborted).toBe(false);
    expect(items(t.sent)).toEqual([]);
    s.clock.advance(toolTimeoutMs('open_link'));
    await flush();
    expect(r.signals[0]!.aborted).toBe(true);
    expect(items(t.sent)).toEqual([expect.objectContaining({ type: 'function_call_output', call_id: 'call_1' })]);
  });

  it('a runner without timeoutMs keeps the default', async () => {
    const r = pending();
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'open_link'));
    await flush();
    s.clock.advance(TOOL_TIMEOUT_MS);
    await flush();
    expect(r.signals[0]!.aborted).toBe(true);
  });
});

describe('tool seam: one way to build the answer', () => {
  it('the voice session and the tools share outputText', () => {
    expect(outputText).toBe(toolsOutputText);
  });

  it('a screenshot goes as an input_image user message after the output, which carries no base64', async () => {
    const tools: ToolRunner = { run: async () => ({ ok: true, output: { image_url: IMAGE, note: 'visible part' }, summary: 'Looked at the screen' }) };
    const s = voiceSetup({ tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'look_at_screen'));
    await flush();
    const sent = items(t.sent);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ type: 'function_call_output', call_id: 'call_1' });
    expect(JSON.stringify(sent[0])).not.toContain('base64');
    expect(sent[1]).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_image', image_url: IMAGE, detail: 'auto' }] });
    expect(t.types().at(-1)).toBe('response.create');
    // The transcript keeps the text output only (what a replay sends).
    expect(s.rows()[0]!.tool?.output).not.toContain('base64');
  });
});
