import { describe, expect, it } from 'vitest';
import { sessionError } from '@/lib/errors';
import { buildSession } from '@/lib/realtime/protocol';
import { replayEvents } from '@/lib/transcript/replay';
import { TOOL_TIMEOUT_MS, type ToolCall, type ToolOutcome, type ToolRunner } from '@/lib/tools/contract';
import type { RealtimeClientEvent } from '@/lib/realtime/protocol';
import { functionArgumentsDone, functionCallItemDone, outputItemDone, responseCreated, responseDone } from '../fixtures/realtime-events';
import { flush, voiceSetup } from '../fakes/voice-setup';

const found: ToolOutcome = { ok: true, output: { passages: ['Unplug it first.'] }, summary: "Searched the page for 'defrost' — 1 passage" };

function runner(impl: (call: ToolCall, signal: AbortSignal) => Promise<ToolOutcome>) {
  const calls: ToolCall[] = [];
  const signals: AbortSignal[] = [];
  const tools: ToolRunner = {
    run: (call, signal) => {
      calls.push(call);
      signals.push(signal);
      return impl(call, signal);
    },
  };
  return { tools, calls, signals };
}

const outputs = (sent: RealtimeClientEvent[]) =>
  sent.flatMap((e) => (e.type === 'conversation.item.create' && e.item.type === 'function_call_output' ? [e.item] : []));

describe('tool seam: a finished function call', () => {
  it('runs once (both finishing events), sends function_call_output as JSON, then response.create, and shows a tool row', async () => {
    const r = runner(async () => found);
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionArgumentsDone('call_1', 'search_page', '{"query":"defrost"}'));
    t.server(functionCallItemDone('call_1', 'search_page', '{"query":"defrost"}'));
    expect(s.rows()).toEqual([expect.objectContaining({ id: 'tool-call_1', role: 'tool', final: false })]);
    await flush();
    expect(r.calls).toEqual([{ callId: 'call_1', name: 'search_page', arguments: '{"query":"defrost"}' }]);
    expect(outputs(t.sent)).toEqual([{ type: 'function_call_output', call_id: 'call_1', output: JSON.stringify(found.output) }]);
    expect(t.types().slice(-2)).toEqual(['conversation.item.create', 'response.create']);
    expect(s.rows()[0]).toMatchObject({ role: 'tool', text: found.summary, final: true, tool: { callId: 'call_1', output: JSON.stringify(found.output) } });
  });

  it('ignores output items that are not function calls', async () => {
    const r = runner(async () => found);
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(outputItemDone({ id: 'm1', type: 'message', role: 'assistant', content: [] }, 'r'));
    await flush();
    expect(r.calls).toEqual([]);
  });

  it('waits for the active response before asking for the next one (ResponseGate)', async () => {
    const r = runner(async () => found);
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(responseCreated('resp_1'));
    t.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    expect(outputs(t.sent)).toHaveLength(1);
    expect(t.types()).not.toContain('response.create');
    t.server(responseDone('resp_1'));
    expect(t.types().filter((x) => x === 'response.create')).toHaveLength(1);
  });
});

describe('tool seam: failures still answer', () => {
  it('a tool that throws gives an error output, never a stuck response', async () => {
    const r = runner(async () => {
      throw new Error('tab closed');
    });
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    expect(JSON.parse(outputs(t.sent)[0]!.output)).toEqual({ error: expect.stringContaining('tab closed') });
    expect(t.types().at(-1)).toBe('response.create');
    expect(s.rows()[0]).toMatchObject({ final: true, text: 'search_page: failed' });
  });

  it('an unknown tool (an error outcome) is passed back as an error', async () => {
    const r = runner(async (call) => ({ ok: false, error: `unknown tool ${call.name}`, summary: 'No such tool' }));
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'launch_rockets'));
    await flush();
    expect(JSON.parse(outputs(t.sent)[0]!.output)).toEqual({ error: 'unknown tool launch_rockets' });
  });

  it('with no runner at all, a call the model invents is answered with an error', async () => {
    const s = voiceSetup();
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    expect(JSON.parse(outputs(t.sent)[0]!.output)).toEqual({ error: 'no tools are available' });
  });

  it('a tool that does not answer in time is aborted and answered with a timeout error', async () => {
    const r = runner(() => new Promise<ToolOutcome>(() => {}));
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    s.clock.advance(TOOL_TIMEOUT_MS - 1);
    await flush();
    expect(outputs(t.sent)).toEqual([]);
    s.clock.advance(1);
    await flush();
    expect(r.signals[0]!.aborted).toBe(true);
    expect(JSON.parse(outputs(t.sent)[0]!.output).error).toMatch(/did not answer/);
    expect(t.types().at(-1)).toBe('response.create');
  });

  it('stop aborts a running call and sends nothing afterwards', async () => {
    let answer: (o: ToolOutcome) => void = () => {};
    const r = runner(() => new Promise<ToolOutcome>((resolve) => (answer = resolve)));
    const s = voiceSetup({ tools: r.tools });
    const t = s.connectLive(1);
    t.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    await s.voice.disconnect(0);
    expect(r.signals[0]!.aborted).toBe(true);
    answer(found);
    await flush();
    expect(outputs(t.sent)).toEqual([]);
    expect(s.voice.pendingTools()).toBe(0);
  });
});

describe('tool seam: replay after a reconnect', () => {
  it('replays the call and its output into the new session, and never runs the call again', async () => {
    const r = runner(async () => found);
    const s = voiceSetup({ tools: r.tools });
    const t1 = s.connectLive(1);
    t1.server(functionCallItemDone('call_1', 'search_page', '{"query":"defrost"}'));
    await flush();
    t1.lose(sessionError('network', 'lost'));
    const t2 = s.connectLive(2, { resume: true });
    const items = t2.sent.flatMap((e) => (e.type === 'conversation.item.create' ? [e.item] : []));
    expect(items).toEqual([
      { type: 'function_call', call_id: 'call_1', name: 'search_page', arguments: '{"query":"defrost"}' },
      { type: 'function_call_output', call_id: 'call_1', output: JSON.stringify(found.output) },
    ]);
    t2.server(functionCallItemDone('call_1', 'search_page', '{"query":"defrost"}'));
    await flush();
    expect(r.calls).toHaveLength(1);
  });

  it('a call still running when the link dropped is answered on the new link, call item first, then a reply is asked for', async () => {
    let answer: (o: ToolOutcome) => void = () => {};
    const r = runner(() => new Promise<ToolOutcome>((resolve) => (answer = resolve)));
    const s = voiceSetup({ tools: r.tools });
    const t1 = s.connectLive(1);
    t1.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    t1.lose(sessionError('network', 'lost'));
    const t2 = s.connectLive(2, { resume: true });
    // Unfinished: not replayed.
    expect(t2.types().filter((x) => x === 'conversation.item.create')).toEqual([]);
    answer(found);
    await flush();
    const items = t2.sent.flatMap((e) => (e.type === 'conversation.item.create' ? [e.item.type] : []));
    expect(items).toEqual(['function_call', 'function_call_output']);
    expect(t2.types().at(-1)).toBe('response.create');
  });

  it('an output that found no open link is carried by the replay and answered once the new session is live', async () => {
    let answer: (o: ToolOutcome) => void = () => {};
    const r = runner(() => new Promise<ToolOutcome>((resolve) => (answer = resolve)));
    const s = voiceSetup({ tools: r.tools });
    const t1 = s.connectLive(1);
    t1.server(functionCallItemDone('call_1', 'search_page'));
    await flush();
    t1.lose(sessionError('network', 'lost'));
    answer(found);
    await flush();
    const t2 = s.connectLive(2, { resume: true });
    expect(t2.sent.filter((e) => e.type === 'conversation.item.create')).toHaveLength(2);
    expect(t2.types()).toContain('response.create');
  });

  it('replayEvents skips a tool row whose call has no output yet', () => {
    const s = voiceSetup();
    expect(replayEvents(s.voice.transcript())).toEqual([]);
  });
});

describe('tool seam: the session declares tools only when there are some', () => {
  const base = { model: 'gpt-realtime', voice: 'marin', instructions: 'x' };
  it('no tools, or an empty list: no tools and no tool_choice (unchanged session)', () => {
    expect(buildSession(base)).not.toHaveProperty('tools');
    expect(buildSession({ ...base, tools: [] })).not.toHaveProperty('tool_choice');
  });
  it('with tools: GA function tools and tool_choice auto', () => {
    const tool = { type: 'function' as const, name: 'search_page', description: 'Search the page', parameters: { type: 'object', properties: {} } };
    expect(buildSession({ ...base, tools: [tool] })).toMatchObject({ tools: [tool], tool_choice: 'auto' });
  });
});



describe('tools and the mint', () => {
  it('the client_secrets body carries no tools (a token server refuses them); the session.update does', async () => {
    const { buildClientSecretRequest, buildSession } = await import('@/lib/realtime/protocol');
    const tool = { type: 'function' as const, name: 'find_on_page', description: 'd', parameters: { type: 'object' } };
    const o = { model: 'gpt-realtime', voice: 'marin', instructions: 'i', tools: [tool] };
    expect(buildClientSecretRequest(o).session).not.toHaveProperty('tools');
    expect(buildClientSecretRequest(o).session).not.toHaveProperty('tool_choice');
    expect(buildSession(o)).toMatchObject({ tools: [tool], tool_choice: 'auto' });
  });
});
