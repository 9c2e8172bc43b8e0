// @ts-check
// Page tools in a live conversation, end to end: the local server scripts the model's function
// call (`/_control/function-call`), the extension runs the tool in the conversation's tab and
// sends the `function_call_output` back, and the server's follow-up reply quotes it ("The tool
// <name> returned: …"). What the server received is read from its state; what the user sees, from
// the side panel (sidepanel.html in a tab) and the page itself. Every wait is for a condition.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAction, waitFor } from './harness.mjs';
import { startHark, useLocalServer, waitForPanel } from './support.mjs';
import { control, ensureSilentWav, openPanelTab, sendTyped, sessionRecord, waitForAssistant } from './fault-support.mjs';

const NO_RULES = { neverSend: [], allowlistOnly: false, allowlist: [], allowFileUrls: false, allowIncognito: false };

describe('page tools with the model (scripted function calls)', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let tab;
  let n = 0;

  /** Every function_call_output the server received, across calls (reconnects included). */
  const outputs = () => h.server.state.calls.flatMap((c) => c.functionOutputs);
  const outputFor = (/** @type {string} */ callId) =>
    waitFor(() => outputs().find((o) => o.call_id === callId), { timeout: 60_000, what: `the output of ${callId}` });

  /**
   * The next response calls `name` with `args`; a typed question starts it. Returns the call id
   * (the server's follow-up reply quotes the output).
   */
  async function modelCalls(/** @type {string} */ name, /** @type {Record<string, unknown>} */ args = {}) {
    const callId = `call_wire${++n}${Date.now().toString(36)}`;
    await control(h.server, 'function-call', { name, arguments: args, call_id: callId });
    await sendTyped(tab, `Question ${n} for ${name}`);
    return callId;
  }

  /** The conversation's tab shows `file`, and the session is live (each test starts here). */
  async function on(/** @type {string} */ file) {
    await useLocalServer(h.b.sw, h.server.url, { siteRules: NO_RULES, tools: { enabled: {}, screenSites: [] } });
    if (!h.page.url().endsWith(`/${file}`)) await h.page.goto(h.web.url(file));
    const rec = await sessionRecord(tab);
    if (rec?.state.status === 'error' || rec?.state.status === 'idle') await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live session', 60_000);
    await waitFor(() => h.server.state.calls.some((c) => !c.closed && !c.responses.some((r) => r.status === 'in_progress')), {
      timeout: 60_000, what: 'no reply in progress',
    });
  }

  before(async () => {
    h = await startHark({ siteAccess: true, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'tools-long.html' });
    tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await h.page.bringToFront();
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
  });

  after(() => h?.close());

  it('find_on_page on a long page: the passage near the end reaches the model; the panel shows the tool row and the reply', async () => {
    await on('tools-long.html');
    const id = await modelCalls('find_on_page', { query: 'how do I reset the ice maker' });
    const out = await outputFor(id);
    assert.match(out.output, /holding the defrost button for five seconds/);
    assert.match(out.output, /untrusted/);
    await waitForAssistant(tab, 'The tool find_on_page returned:', 60_000);
    const panel = await waitForPanel(h.b.ctx, (p) => p.messages.some((m) => m.role === 'tool' && m.final && /Searched the page/.test(m.text)), 'the tool row');
    assert.ok(panel.messages.some((m) => m.role === 'assistant' && /holding the defrost button/.test(m.text)), 'the reply quotes the passage');
    // The tools are declared in the session (the strict server accepted it): the ones left on only.
    const declared = h.server.state.calls.flatMap((c) => c.clientEvents).filter((e) => e.type === 'session.update' && e.session?.tools).at(-1);
    const names = declared.session.tools.map((/** @type {any} */ t) => t.name);
    assert.ok(names.includes('find_on_page') && names.includes('open_link'), JSON.stringify(names));
    assert.equal(names.includes('look_at_screen'), false, 'off by default: not declared');
    assert.equal(declared.session.tool_choice, 'auto');
  });

  it('highlight: the passage is highlighted in the page (CSS.highlights)', async () => {
    await on('tools-long.html');
    const id = await modelCalls('highlight', { passage: 'reset it by holding the defrost button' });
    const out = await outputFor(id);
    assert.doesNotMatch(out.output, /"error"/);
    const text = await h.page.evaluate(() => {
      const hl = CSS.highlights.get('hark-tool');
      return hl ? [...hl].map((r) => r.toString()).join('|') : null;
    });
    assert.equal(text?.toLowerCase(), 'reset it by holding the defrost button');
    await waitForAssistant(tab, 'The tool highlight returned:', 60_000);
  });

  it('open_link waits for the confirmation in the panel; denied: the model gets the denial and the tab stays', async () => {
    await on('tools-long.html');
    // @ts-ignore harkTools is the worker's test hook; it works on the conversation's tab
    const links = await h.b.sw.evaluate(() => globalThis.harkTools.run({ callId: 'ids', name: 'list_links', arguments: '{"filter":"pricing"}' }));
    const linkId = links.output.links[0].id;
    const id = await modelCalls('open_link', { link_id: linkId });
    const box = tab.locator('.tool-confirm');
    await box.waitFor({ timeout: 60_000 });
    assert.match(await box.innerText(), /tools-target\.html/);
    assert.equal(outputs().some((o) => o.call_id === id), false, 'no answer before the user decides');
    await box.getByRole('button', { name: 'Deny' }).click();
    const out = await outputFor(id);
    assert.match(out.output, /The user declined/);
    assert.match(h.page.url(), /tools-long\.html$/, 'the tab did not navigate');
    await waitForAssistant(tab, 'The tool open_link returned:', 60_000);
  });

  it('an injection page cannot get an action without the user: the call waits for the panel, and nothing opens', async () => {
    await on('tools-injection.html');
    const read = await modelCalls('find_on_page', { query: 'buy now' });
    assert.match((await outputFor(read)).output, /untrusted/);
    await waitForAssistant(tab, 'The tool find_on_page returned:', 60_000);
    const id = await modelCalls('open_link', { link_id: 'l0' });
    const box = tab.locator('.tool-confirm');
    await box.waitFor({ timeout: 60_000 });
    assert.match(await box.innerText(), /bought=1/);
    assert.match(h.page.url(), /tools-injection\.html$/);
    assert.equal(outputs().some((o) => o.call_id === id), false, 'the call waits for the user');
    await box.getByRole('button', { name: 'Deny' }).click();
    assert.match((await outputFor(id)).output, /The user declined/);
    assert.match(h.page.url(), /tools-injection\.html$/, 'the page never got its click');
  });

  it('a never-send tab: the tool refuses and the server never receives its text', async () => {
    await on('tools-long.html');
    await useLocalServer(h.b.sw, h.server.url, { siteRules: { ...NO_RULES, neverSend: ['127.0.0.1/tools-private.html'] } });
    await h.page.goto(h.web.url('tools-private.html'));
    const id = await modelCalls('find_on_page', { query: 'balance' });
    const out = await outputFor(id);
    assert.match(out.output, /"error"/);
    await waitForAssistant(tab, 'The tool find_on_page returned:', 60_000);
    const everything = JSON.stringify(h.server.state.calls.map((c) => c.clientEvents));
    assert.doesNotMatch(everything, /priv-tools-balance/);
  });

  it('look_at_screen while switched off: refused, and the output says so', async () => {
    await on('tools-long.html');
    const id = await modelCalls('look_at_screen');
    const out = await outputFor(id);
    assert.match(out.output, /switched the look_at_screen tool off/);
    assert.doesNotMatch(JSON.stringify(h.server.state.calls.map((c) => c.clientEvents)), /input_image/);
    await waitForAssistant(tab, 'The tool look_at_screen returned:', 60_000);
  });

  it('an unknown tool and a failing tool become error outputs, and the reply still comes', async () => {
    await on('tools-long.html');
    const unknown = await modelCalls('launch_rockets', { now: true });
    assert.match((await outputFor(unknown)).output, /"error"/);
    await waitForAssistant(tab, 'The tool launch_rockets returned:', 60_000);
    const bad = await modelCalls('read_section', { heading: 'no such heading anywhere xyz' });
    assert.match((await outputFor(bad)).output, /"error"/);
    await waitForAssistant(tab, 'The tool read_section returned:', 60_000);
  });

  it('tool calls and outputs survive a reconnect: the new session gets them replayed', async () => {
    await on('tools-long.html');
    const id = await modelCalls('find_on_page', { query: 'defrost button' });
    await outputFor(id);
    await waitForAssistant(tab, 'The tool find_on_page returned:', 60_000);
    const before = h.server.state.calls.length;
    await control(h.server, 'drop', {});
    const fresh = await waitFor(() => h.server.state.calls.slice(before).find((c) => !c.closed && c.sessionHistory.length > 1), {
      timeout: 60_000, what: 'reconnected',
    });
    const items = await waitFor(() => {
      const got = fresh.clientEvents.filter((e) => e.type === 'conversation.item.create').map((e) => e.item);
      return got.some((i) => i.type === 'function_call_output' && i.call_id === id) ? got : null;
    }, { timeout: 60_000, what: 'the replayed tool items' });
    const call = items.findIndex((i) => i.type === 'function_call' && i.call_id === id && i.name === 'find_on_page');
    const output = items.findIndex((i) => i.type === 'function_call_output' && i.call_id === id);
    assert.ok(call >= 0 && call < output, `call then output replayed: ${JSON.stringify(items.map((i) => i.type))}`);
    assert.match(items[output].output, /defrost button/);
  });
});
