// @ts-check
// Page tools, end to end in headless Chromium with the built extension: the worker's tool runner is
// driven directly (CDP evaluate in the service worker: `harkTools.run`, what the voice session's
// `bg:runTool` handler will call), confirmations are answered in the real side panel page, and what
// happened is judged in the page itself (the highlight registry, the address, the extension's
// isolated worlds). The model → tool → model round trip waits for the scripted local server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { openPanelTab, startHark, useLocalServer } from './support.mjs';

/** @typedef {{ ok: boolean, output?: any, error?: string, summary: string }} Outcome */

describe('page tools', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let panel;
  let n = 0;

  /** Runs a tool in the worker as the voice session will; resolves with its outcome. @returns {Promise<Outcome>} */
  const run = (/** @type {string} */ name, args = {}) =>
    h.b.sw.evaluate(
      // @ts-ignore harkTools is the worker's test hook (entrypoints/background/tool-host.ts)
      ({ name, args, id }) => globalThis.harkTools.run({ callId: id, name, arguments: JSON.stringify(args) }),
      { name, args, id: `call_${++n}` },
    );
  // @ts-ignore
  const toolState = () => h.b.sw.evaluate(() => globalThis.harkTools.state());
  const setSettings = (/** @type {Record<string, unknown>} */ extra) => useLocalServer(h.b.sw, h.server.url, extra);

  /** A page in front (the tools work on the tab the user looks at). */
  async function show(/** @type {string} */ file) {
    const page = await h.b.ctx.newPage();
    await page.goto(h.web.url(file));
    await page.bringToFront();
    return page;
  }

  /** The extension's isolated worlds created in `page` from now on (the reader runs in one). */
  async function watchExtensionWorlds(/** @type {import('playwright-core').Page} */ page) {
    const cdp = await h.b.ctx.newCDPSession(page);
    /** @type {string[]} */ const worlds = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.origin?.startsWith(`chrome-extension://${h.b.extensionId}`)) worlds.push(context.name || context.origin);
    });
    await cdp.send('Runtime.enable');
    return { worlds, stop: () => cdp.detach() };
  }

  before(async () => {
    h = await startHark({ siteAccess: true, via: 'storage' });
    panel = await openPanelTab(h.b.ctx, h.b.extensionId);
  });

  after(() => h?.close());

  it('find_on_page finds a passage at the end of a long page, with its heading; hidden text is not searched', async () => {
    await show('tools-long.html');
    const o = await run('find_on_page', { query: 'how do I reset the ice maker' });
    assert.equal(o.ok, true, o.error);
    const [best] = o.output.passages;
    assert.match(best.heading, /Troubleshooting the ice maker/);
    assert.match(best.text, /holding the defrost button for five seconds/);
    assert.match(best.text, /^"""\n/, 'page text is fenced');
    assert.match(o.summary, /^Searched the page for 'how do I reset the ice maker' — \d passages?$/);
    const hidden = await run('find_on_page', { query: 'hid-tools-secret checkout' });
    assert.equal(hidden.ok, true, hidden.error);
    assert.doesNotMatch(JSON.stringify(hidden.output.passages), /hid-tools-secret/);
  });

  it('highlight is visible in the page (the CSS highlight registry) and is cleared', async () => {
    const page = await show('tools-long.html');
    const o = await run('highlight', { passage: 'reset it by holding the defrost button' });
    assert.equal(o.ok, true, o.error);
    const shown = await page.evaluate(() => {
      const hl = CSS.highlights.get('hark-tool');
      return { text: hl ? [...hl].map((r) => r.toString()).join('|') : null, y: window.scrollY };
    });
    assert.equal(shown.text?.toLowerCase(), 'reset it by holding the defrost button');
    assert.ok(shown.y > 1000, `scrolled to the passage (scrollY ${shown.y})`);
    const cleared = await run('clear_highlights');
    assert.equal(cleared.ok, true);
    assert.equal(await page.evaluate(() => CSS.highlights.has('hark-tool')), false);
  });

  it('open_link waits for the confirmation in the side panel, does nothing when denied, opens when allowed', async () => {
    const page = await show('tools-long.html');
    const links = await run('list_links', { filter: 'pricing' });
    assert.equal(links.ok, true, links.error);
    assert.equal(links.output.links.length, 1, 'the hidden link is not listed');
    const id = links.output.links[0].id;

    const denied = run('open_link', { link_id: id });
    const box = panel.locator('.tool-confirm');
    await box.waitFor();
    assert.match(await box.innerText(), /Open this link in this tab/);
    assert.match(await box.innerText(), /tools-target\.html/);
    await box.getByRole('button', { name: 'Deny' }).click();
    const d = await denied;
    assert.equal(d.ok, false);
    assert.match(d.error ?? '', /The user declined/);
    assert.match(page.url(), /tools-long\.html$/, 'nothing happened');
    await box.waitFor({ state: 'detached' });

    const allowed = run('open_link', { link_id: id });
    await box.waitFor();
    // Keyboard reachable: focus is on the request, and Y allows.
    await box.press('y');
    const a = await allowed;
    assert.equal(a.ok, true, a.error);
    await page.waitForURL(/tools-target\.html$/);
  });

  it('an injection page cannot get an action without the user: the request waits and ends cancelled', async () => {
    const page = await show('tools-injection.html');
    const found = await run('find_on_page', { query: 'buy now' });
    assert.match(JSON.stringify(found.output), /untrusted/);
    const pending = run('open_link', { link_id: 'l0' });
    const waiting = await waitFor(async () => (await toolState()).pending[0], { what: 'a pending confirmation' });
    assert.equal(waiting.tool, 'open_link');
    assert.match(waiting.target, /tools-target\.html\?bought=1$/);
    assert.match(page.url(), /tools-injection\.html$/);
    // The conversation ends without an answer.
    // @ts-ignore
    await h.b.sw.evaluate(() => globalThis.harkTools.end());
    const o = await pending;
    assert.equal(o.ok, false);
    assert.match(o.error ?? '', /ended before the user answered/);
    assert.match(page.url(), /tools-injection\.html$/, 'the page never got its click');
  });

  it('a never-send tab is never read: tools refuse, list_tabs lists it as private, read_tab refuses, no script runs in it', async () => {
    await setSettings({ siteRules: { neverSend: ['127.0.0.1/tools-private.html'], allowlistOnly: false, allowlist: [], allowFileUrls: false, allowIncognito: false } });
    const page = await h.b.ctx.newPage();
    const watch = await watchExtensionWorlds(page);
    await page.goto(h.web.url('tools-private.html'));
    await page.bringToFront();
    const o = await run('find_on_page', { query: 'balance' });
    assert.equal(o.ok, false);
    assert.match(o.error ?? '', /keeps this page private/);
    const readable = await show('tools-target.html');
    // Control: the detector does see the reader's world where a tool reads.
    const control = await watchExtensionWorlds(readable);
    assert.equal((await run('list_headings')).ok, true);
    assert.ok(control.worlds.length >= 1, 'the reader runs in an extension world where it may read');
    await control.stop();
    const tabs = await run('list_tabs');
    assert.equal(tabs.ok, true, tabs.error);
    const text = JSON.stringify(tabs.output);
    assert.doesNotMatch(text, /Private statement|tools-private/);
    const priv = tabs.output.tabs.filter((/** @type {any} */ t) => t.private);
    assert.ok(priv.length >= 1, 'listed as private');
    for (const t of priv) {
      const r = await run('read_tab', { id: t.id });
      assert.equal(r.ok, false);
      assert.doesNotMatch(JSON.stringify(r), /priv-tools-balance/);
    }
    assert.deepEqual(watch.worlds, [], 'no extension script ran in the never-send tab');
    await watch.stop();
    await setSettings({ siteRules: { neverSend: [], allowlistOnly: false, allowlist: [], allowFileUrls: false, allowIncognito: false } });
  });

  it('look_at_screen is refused while off; when on, it asks, and a denial captures nothing', async () => {
    await show('tools-long.html');
    const off = await run('look_at_screen');
    assert.equal(off.ok, false);
    assert.match(off.error ?? '', /switched the look_at_screen tool off/);
    await setSettings({ tools: { enabled: { look_at_screen: true }, screenSites: [] } });
    const asked = run('look_at_screen');
    const box = panel.locator('.tool-confirm');
    await box.waitFor();
    assert.match(await box.innerText(), /Send a screenshot of this tab/);
    await box.getByRole('button', { name: 'Deny' }).click();
    const d = await asked;
    assert.equal(d.ok, false);
    assert.equal((await toolState()).shared.some((/** @type {any} */ e) => e.tool === 'look_at_screen'), false);
    await setSettings({ tools: { enabled: {}, screenSites: [] } });
  });

  it('look_at_screen on a site the options page lists: saved there, and captured without asking', async () => {
    const options = await h.b.ctx.newPage();
    await options.goto(`chrome-extension://${h.b.extensionId}/options.html`);
    await options.locator('input[name="tool-look_at_screen"]').check();
    // A whole top-level domain is refused by name; the site itself is saved.
    await options.getByLabel('Sites where look_at_screen may capture without asking').fill('com');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText(/“com” is not a site for screenshots/).waitFor();
    await options.getByLabel('Sites where look_at_screen may capture without asking').fill(' 127.0.0.1/tools-long.html \n\n');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    const saved = await h.b.sw.evaluate(() => chrome.storage.local.get('settings'));
    assert.deepEqual(saved.settings.tools, { enabled: { look_at_screen: true }, screenSites: ['127.0.0.1/tools-long.html'] });
    await options.close();

    await show('tools-long.html');
    const o = await run('look_at_screen');
    assert.equal(o.ok, true, JSON.stringify(o).slice(0, 300));
    assert.match(o.output.image_url, /^data:image\/jpeg;base64,/);
    assert.equal(await panel.locator('.tool-confirm').count(), 0, 'nothing was asked');
    assert.equal((await toolState()).shared.filter((/** @type {any} */ e) => e.tool === 'look_at_screen').length, 1, 'the panel shows what was sent');
    // Another page of the same host is not on the list: it is asked for (and denied here).
    await show('tools-injection.html');
    const asked = run('look_at_screen');
    const box = panel.locator('.tool-confirm');
    await box.waitFor();
    await box.getByRole('button', { name: 'Deny' }).click();
    assert.equal((await asked).ok, false);
    await setSettings({ tools: { enabled: {}, screenSites: [] } });
  });

  it('reads a page once per conversation: later calls use the kept text; the selection, a navigation and a changed rule read (or refuse) anew', async () => {
    // Counts the worker's script injections into tabs (every read injects; a kept page does not).
    await h.b.sw.evaluate(() => {
      const g = /** @type {any} */ (globalThis);
      if (g.injections === undefined) {
        g.injections = 0;
        const original = chrome.scripting.executeScript.bind(chrome.scripting);
        // @ts-ignore counting wrapper
        chrome.scripting.executeScript = (...args) => ((g.injections += 1), original(...args));
      }
    });
    const injections = () => h.b.sw.evaluate(() => /** @type {any} */ (globalThis).injections);
    const page = await show('tools-long.html');
    await run('find_on_page', { query: 'defrost' });
    const first = await injections();
    const again = await run('find_on_page', { query: 'ice maker reset' });
    assert.equal(again.ok, true);
    assert.match(JSON.stringify(again.output), /holding the defrost button/);
    assert.equal(await injections(), first, 'the second call used the kept text');
    await run('list_headings');
    assert.equal(await injections(), first);
    // The selection is read as it is now.
    await page.evaluate(() => {
      const r = document.createRange();
      r.selectNodeContents(/** @type {Node} */ (document.querySelector('h1')));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(r);
    });
    const sel = await run('get_selection');
    assert.ok((await injections()) > first, 'get_selection read the page again');
    assert.notEqual(sel.output?.selection ?? null, null, JSON.stringify(sel));
    // A rule added mid-conversation applies to the next call, kept text or not.
    const before = await injections();
    await setSettings({ siteRules: { neverSend: ['127.0.0.1/tools-long.html'], allowlistOnly: false, allowlist: [], allowFileUrls: false, allowIncognito: false } });
    const refused = await run('find_on_page', { query: 'defrost' });
    assert.equal(refused.ok, false);
    assert.doesNotMatch(JSON.stringify(refused), /holding the defrost button/);
    assert.equal(await injections(), before, 'nothing was injected into the excluded page');
    await setSettings({ siteRules: { neverSend: [], allowlistOnly: false, allowlist: [], allowFileUrls: false, allowIncognito: false } });
    // After a navigation the tab's new page is read.
    await page.goto(h.web.url('tools-injection.html'));
    const moved = await run('find_on_page', { query: 'buy now' });
    assert.ok((await injections()) > before, 'the new page was read');
    assert.doesNotMatch(JSON.stringify(moved.output), /holding the defrost button/);
    await page.close();
  });
});
