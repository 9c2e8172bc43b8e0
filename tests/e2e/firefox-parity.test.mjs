// @ts-check
// What "behaves as in Chrome" means for the Firefox add-on, each checked at the local server
// (standing in for OpenAI) and in the real sidebar: page reading, redaction, site rules,
// reconnection after a dropped call, and history. The Chromium suites for the same behaviour:
// page-context, redaction, faults, panel.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { sentInstructions } from './support.mjs';
import { control } from './fault-support.mjs';
import { firefoxOnArticle, readSidebar, useLocalServerFirefox, waitForSidebar } from './firefox-harness.mjs';

const TITLE = 'Hark Test Article: Tide Pools';
/** On redaction.html or in its address; none may reach the server (a subset of redaction.test.mjs). */
const SECRETS = ['jane.roe@example.com', 'doe@example.com', '4155550132', '4111.1111', 'ghp_wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO2rINUx', 'PAGEURLSECRET123abc'];

/** @typedef {Awaited<ReturnType<typeof firefoxOnArticle>>} OnArticle */

describe('Firefox behaves as in Chrome', () => {
  /** @type {OnArticle} */ let setup;
  /** @type {OnArticle['ff']} */ let ff;
  /** @type {OnArticle['server']} */ let server;
  /** @type {OnArticle['web']} */ let web;
  /** @type {OnArticle['driver']} */ let driver;
  /** @type {OnArticle['article']} */ let article;
  const sidebar = (/** @type {(s: any) => boolean} */ check, /** @type {string} */ what) => waitForSidebar(driver, ff, check, what);

  /** Toolbar click on `page`: starts, or stops a running conversation. */
  const toggleOn = async (/** @type {import('puppeteer-core').Page} */ page) => {
    await page.bringToFront();
    await ff.clickToolbar();
  };
  /** Types into the real sidebar's composer and sends, as a user does (Send enables on input). */
  const type = async (/** @type {string} */ text) => {
    await driver.evaluate((text) => {
      // @ts-ignore
      const input = /** @type {HTMLTextAreaElement} */ (browser.extension.getViews({ type: 'sidebar' })[0].document.getElementById('composer-input'));
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await waitFor(
      () =>
        driver.evaluate(() => {
          // @ts-ignore
          const send = /** @type {HTMLButtonElement} */ (browser.extension.getViews({ type: 'sidebar' })[0].document.querySelector('.composer button[type=submit]'));
          if (send.disabled) return false;
          send.click();
          return true;
        }),
      { timeout: 15_000, what: 'Send enabled' },
    );
  };
  const replied = (/** @type {any} */ s, /** @type {string} */ text) =>
    s.messages.some((/** @type {any} */ m) => m.role === 'assistant' && m.final && m.text.includes(`You said: "${text}"`));
  /** Clicks the sidebar's first button whose accessible name matches. */
  const clickInSidebar = (/** @type {string} */ name) =>
    driver.evaluate((name) => {
      // @ts-ignore
      const d = browser.extension.getViews({ type: 'sidebar' })[0].document;
      const b = [...d.querySelectorAll('button')].find((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().startsWith(name));
      if (!b) return false;
      b.click();
      return true;
    }, name);

  before(async () => {
    // The prompt and its answer are covered by firefox-walking-skeleton and firefox-mic-refused.
    setup = await firefoxOnArticle({ prompts: false, timing: { deltaMs: 2, wordMs: 30 } });
    ({ ff, server, web, driver, article } = setup);
  });

  after(() => setup?.close());

  it('page reading: the session is told the page, its text fenced as quoted data', async () => {
    await toggleOn(article);
    const s = await sidebar((x) => x.status === 'live', 'live on the article');
    assert.equal(s.page, TITLE);
    const sent = sentInstructions(server).at(-1) ?? '';
    assert.match(sent, new RegExp(`Page title: "${TITLE}"`));
    assert.match(sent, /"""\n[\s\S]*Anemones, sea stars and small fish live in them[\s\S]*\n"""/, `the page text, fenced: ${sent}`);
  });

  it('reconnection: a dropped call comes back live, and the conversation goes on where it was', async () => {
    // Firefox's fake microphone plays a steady tone, one endless spoken turn: muted, it ends.
    await waitFor(() => clickInSidebar('Mute'), { timeout: 15_000, what: 'the Mute button' });
    await type('Before the drop');
    await sidebar((x) => replied(x, 'Before the drop'), 'the reply before the drop');
    const calls = server.state.calls.length;
    const { dropped } = await control(server, 'drop', {});
    assert.equal(dropped.length, 1);
    await waitFor(() => server.state.calls.length > calls, { timeout: 30_000, what: 'a new call after the drop' });
    const s = await sidebar((x) => x.status === 'live', 'live again');
    assert.ok(replied(s, 'Before the drop'), 'the transcript before the drop is still shown');
    await type('After the drop');
    const after = await sidebar((x) => replied(x, 'After the drop'), 'the reply after the drop');
    const texts = after.messages.map((/** @type {any} */ m) => m.text);
    assert.ok(texts.indexOf('Before the drop') < texts.indexOf('After the drop'), `one conversation, in order: ${JSON.stringify(texts)}`);
    // The new call carried the conversation so far (the resumed session knows what was said).
    assert.ok(JSON.stringify(server.state.calls.at(-1)?.clientEvents).includes('Before the drop'), 'the new call was given the conversation so far');
  });

  it('history: the finished conversation is in the history after stop, and reopens', async () => {
    await toggleOn(article);
    await sidebar((x) => x.status === 'idle', 'stopped');
    assert.ok(await clickInSidebar('History'), 'a History tab in the sidebar');
    await waitFor(() => clickInSidebar(`Open: ${TITLE}`), { timeout: 15_000, what: 'the conversation listed in history' });
    const opened = await waitFor(
      () =>
        driver.evaluate(() => {
          // @ts-ignore
          const d = browser.extension.getViews({ type: 'sidebar' })[0].document;
          const section = d.querySelector('.history-open');
          return section ? { heading: section.querySelector('h2, h3')?.textContent ?? '', text: section.textContent ?? '' } : null;
        }),
      { timeout: 15_000, what: 'the conversation reopened' },
    );
    assert.match(opened.heading, /Tide Pools/);
    assert.match(opened.text, /Before the drop/);
    assert.match(opened.text, /After the drop/);
    assert.ok(await clickInSidebar('Conversation'), 'back to the conversation tab');
  });

  it('redaction: e-mail addresses, phone and card numbers, tokens are replaced before the server sees the page', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.url('redaction.html')}?token=PAGEURLSECRET123abc&page=2`);
    await toggleOn(page);
    await sidebar((x) => x.status === 'live' && /Redaction/.test(x.page ?? ''), 'live on the redaction page');
    const sent = await waitFor(() => sentInstructions(server).find((i) => i.includes('Tide Pool Guide')), { what: 'the page sent' });
    const everything = JSON.stringify(server.state);
    assert.deepEqual(SECRETS.filter((s) => everything.includes(s)), []);
    for (const kind of ['email', 'phone', 'card', 'secret']) assert.match(sent, new RegExp(`\\[${kind}\\]`));
    assert.ok(sent.includes('$1,299.00'), 'the rest still reads');
    await toggleOn(page);
    await sidebar((x) => x.status === 'idle', 'stopped');
    await page.close();
  });

  it('site rules: a never-send site is not read, and the sidebar says there is no page', async () => {
    await useLocalServerFirefox(driver, server.url, {
      siteRules: { neverSend: ['127.0.0.1'], allowlistOnly: false, allowlist: [], allowFileUrls: false, allowIncognito: false },
    });
    const before = sentInstructions(server).length;
    const calls = server.state.calls.length;
    await toggleOn(article);
    const s = await sidebar((x) => x.status === 'live' && server.state.calls.length > calls, 'live on the excluded site');
    assert.match(s.page ?? '', /no page/);
    const sent = sentInstructions(server).slice(before);
    assert.ok(sent.length > 0, 'instructions were still sent (without the page)');
    const fresh = JSON.stringify(sent) + JSON.stringify(server.state.calls.slice(calls));
    for (const leak of ['Tide Pools', 'rocky pools', 'article.html', 'Anemones']) assert.ok(!fresh.includes(leak), `"${leak}" reached the server`);
    assert.match(sent.at(-1) ?? '', /keeps this page private/);
    assert.ok(!fresh.includes('127.0.0.1'), 'the rule reached the server');
    await toggleOn(article);
    await sidebar((x) => x.status === 'idle', 'stopped');
    assert.equal((await readSidebar(driver))?.media?.liveTracks ?? 0, 0);
  });
});
