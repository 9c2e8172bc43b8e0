// @ts-check
/**
 * Tool round trip in a live conversation: from the server sending a function call's
 * `response.function_call_arguments.done` to it receiving the client's `function_call_output`
 * (the voice session → the worker's tool runner → the tab → back). The reference, measured in the
 * same run and interleaved, is the bare message round trip through the same path: a call of a tool
 * that does not exist, which the worker answers at once without touching the tab. Both are timed
 * on the server (in this process), by recording when those events are sent and received.
 */
import { triggerAction } from '../tests/e2e/harness.mjs';
import { openPanelTab, startHark, waitForPanel } from '../tests/e2e/support.mjs';
import { control, sendTyped } from '../tests/e2e/fault-support.mjs';
import { round, summarize } from './lib/stats.mjs';
import { waitFor } from './lib/setup.mjs';

/** Timestamps the pushes into one server call's event logs (arrays the server appends to). */
function stamp(/** @type {any[]} */ list, /** @type {Map<string, number>} */ at, /** @type {(e: any) => string | null} */ key) {
  const push = list.push.bind(list);
  list.push = (...events) => {
    const now = performance.now();
    for (const e of events) {
      const k = key(e);
      if (k && !at.has(k)) at.set(k, now);
    }
    return push(...events);
  };
}

/** @param {{ extensionPath?: string, runs: number, log?: (s: string) => void }} o */
export async function benchToolRoundTrip({ runs, log = () => {} }) {
  const h = await startHark({ siteAccess: true, via: 'storage', page: 'tools-long.html' });
  try {
    const tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await h.page.bringToFront();
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live session', 60_000);
    const call = await waitFor(() => h.server.state.calls.find((c) => !c.closed), { timeout: 30_000, what: 'a server call' });
    /** @type {Map<string, number>} */ const done = new Map();
    /** @type {Map<string, number>} */ const answered = new Map();
    stamp(call.serverEvents, done, (e) => (e.type === 'response.function_call_arguments.done' ? e.call_id : null));
    stamp(call.clientEvents, answered, (e) => (e.type === 'conversation.item.create' && e.item?.type === 'function_call_output' ? e.item.call_id : null));

    /** @type {{ tool: number[], bare: number[] }} */ const ms = { tool: [], bare: [] };
    let found = 0;
    const responsesDone = () => call.serverEvents.filter((/** @type {any} */ e) => e.type === 'response.done').length;
    const once = async (/** @type {'tool' | 'bare'} */ kind, /** @type {number} */ i) => {
      const id = `call_bench_${kind}_${i}`;
      const before = responsesDone();
      const [name, args] = kind === 'tool' ? ['find_on_page', { query: 'how do I reset the ice maker' }] : ['no_such_tool', {}];
      await control(h.server, 'function-call', { name, arguments: args, call_id: id });
      await sendTyped(tab, `Bench ${kind} ${i}`);
      await waitFor(() => answered.has(id) && done.has(id), { timeout: 60_000, what: `the output of ${id}` });
      ms[kind].push(/** @type {number} */ (answered.get(id)) - /** @type {number} */ (done.get(id)));
      if (kind === 'tool' && /defrost button/.test(JSON.stringify(call.functionOutputs.at(-1)))) found++;
      // The follow-up reply finishes before the next call is scripted (two responses: the call, the reply).
      await waitFor(() => responsesDone() >= before + 2, { timeout: 60_000, what: 'the reply after the output' });
    };
    for (let i = 0; i < runs; i++) {
      await once('tool', i);
      await once('bare', i);
      log(`tool round trip ${i + 1}/${runs}: find_on_page ${round(ms.tool.at(-1) ?? NaN)} ms, bare ${round(ms.bare.at(-1) ?? NaN)} ms`);
    }
    const tool = summarize(ms.tool);
    const bare = summarize(ms.bare);
    return { runs, toolMs: tool, bareMs: bare, answerFound: found === runs, ratioP50: round(tool.p50 / bare.p50, 2), ratioP95: round(tool.p95 / bare.p95, 2) };
  } finally {
    await h.close();
  }
}
