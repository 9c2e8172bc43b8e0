// @ts-check
// The whole product path in real headless Firefox ESR (the `wxt build -b firefox` add-on): a
// toolbar click opens the sidebar and starts talking, the microphone prompt is answered as a user
// does, the fake microphone's tone makes a spoken turn, a typed message gets its reply, and a
// second click stops. The microphone must be captured in the sidebar, never the background page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { firefoxOnArticle, pollIn, readSidebar, waitForSidebar as waitForSidebarIn } from './firefox-harness.mjs';

const TITLE = 'Hark Test Article: Tide Pools';

/** @typedef {Awaited<ReturnType<typeof firefoxOnArticle>>} OnArticle */

describe('Firefox: talk to the page from the sidebar', () => {
  /** @type {OnArticle} */ let setup;
  /** @type {OnArticle['ff']} */ let ff;
  /** @type {OnArticle['server']} */ let server;
  /** @type {OnArticle['driver']} */ let driver;
  /** @type {OnArticle['article']} */ let article;

  /** Waits until the sidebar satisfies `check` (the harness's wait, with this suite's driver and browser). */
  const waitForSidebar = (/** @type {(s: any) => boolean} */ check, /** @type {string} */ what, timeout = 30_000) => waitForSidebarIn(driver, ff, check, what, timeout);
  /** Starts (or stops) with a real toolbar click on the article tab, answering the mic prompt once. */
  const clickOnArticle = async () => {
    await article.bringToFront();
    await ff.clickToolbar();
  };

  before(async () => {
    setup = await firefoxOnArticle({ prompts: true });
    ({ ff, server, driver, article } = setup);
  });

  after(() => setup?.close());

  it('the toolbar click opens the sidebar; after the one microphone prompt it is live, capturing in the sidebar', async () => {
    await clickOnArticle();
    // Prompts are on, as for a real user: the doorhanger names Hark; Allow + remember.
    const prompt = await waitFor(() => ff.allowMicrophone(), { timeout: 30_000, what: 'the microphone doorhanger' });
    assert.ok(prompt, 'a microphone prompt was shown');
    const s = await waitForSidebar((x) => x.status === 'live', 'the sidebar shows a live session');
    assert.equal(s.page, TITLE);
    assert.deepEqual(s.media, { liveTracks: 1, openPeers: 1 }, 'the microphone and the peer connection are in the sidebar');
    // The background page holds no microphone (it cannot, in a real profile) and no audio frame.
    const inBackground = await driver.evaluate(async () => {
      // @ts-ignore
      const bg = await browser.runtime.getBackgroundPage();
      return { frames: bg.document.querySelectorAll('iframe').length, harkMedia: typeof bg.harkDebug?.media };
    });
    assert.deepEqual(inBackground, { frames: 0, harkMedia: 'undefined' });
    // 'live' shows when the channel opens; the session.update sent then may still be on its way.
    const update = await waitFor(() => server.state.calls.at(-1)?.clientEvents.find((/** @type {any} */ e) => e.type === 'session.update'), {
      timeout: 10_000,
      what: 'the session.update reached the server',
    });
    assert.match(update.session.instructions, new RegExp(`Page title: "${TITLE}"`));
  });

  it('the tone from the fake microphone makes a spoken turn, and the assistant replies', async () => {
    await waitFor(() => server.state.calls.at(-1)?.rtp.packets > 50, { timeout: 30_000, what: 'microphone audio reached the server' });
    // Firefox's fake device plays a steady tone: the turn ends when the user mutes (silence).
    const panel = await ff.openExtensionTab('sidepanel.html');
    try {
      await pollIn(panel, () => [...document.querySelectorAll('.controls button')].some((b) => b.textContent === 'Mute' && !(/** @type {HTMLButtonElement} */ (b).disabled)), null, {
        timeout: 30_000,
        what: 'a Mute button',
      });
      await panel.evaluate(() => /** @type {HTMLButtonElement} */ ([...document.querySelectorAll('.controls button')].find((b) => b.textContent === 'Mute')).click());
    } finally {
      await panel.close();
    }
    const s = await waitForSidebar(
      (x) => x.messages.some((/** @type {any} */ m) => m.role === 'assistant' && m.final && m.text.includes('You said')),
      'an assistant reply to the spoken turn',
    );
    const reply = s.messages.findIndex((/** @type {any} */ m) => m.role === 'assistant');
    assert.ok(reply >= 1 && s.messages[reply - 1].role === 'user', `a user turn before the reply: ${JSON.stringify(s.messages)}`);
  });

  it('a typed message gets a reply', async () => {
    const panel = await ff.openExtensionTab('sidepanel.html');
    try {
      await pollIn(panel, () => document.querySelector('#composer-input:not([disabled])') !== null, null, { what: 'the composer enabled' });
      await panel.type('#composer-input', 'What are tide pools?');
      await panel.click('.composer button[type=submit]');
    } finally {
      await panel.close();
    }
    await waitForSidebar((x) => {
      const q = x.messages.findIndex((/** @type {any} */ m) => m.role === 'user' && m.text === 'What are tide pools?');
      return q >= 0 && x.messages.slice(q + 1).some((/** @type {any} */ m) => m.role === 'assistant' && m.final && m.text.includes('What are tide pools?'));
    }, 'the reply to the typed message');
  });

  it('clicking the toolbar again stops: microphone and connection released, server hung up', async () => {
    await clickOnArticle();
    await waitForSidebar((x) => x.status === 'idle', 'the sidebar shows idle');
    await waitFor(() => server.state.calls.at(-1)?.closed, { timeout: 30_000, what: 'the server sees the call closed' });
    await waitForSidebar((x) => !x.media || (x.media.liveTracks === 0 && x.media.openPeers === 0), 'no live microphone track, no open peer connection');
  });

  it('the keyboard shortcut opens a closed sidebar and starts talking, with no second prompt', async () => {
    await ff.closeSidebar();
    await waitFor(async () => (await readSidebar(driver)) === null, { timeout: 30_000, what: 'the sidebar closed' });
    const calls = server.state.calls.length;
    await article.bringToFront();
    await ff.pressAltShift('K');
    const s = await waitForSidebar((x) => x.status === 'live', 'live again from the shortcut');
    assert.equal(s.page, TITLE);
    assert.equal(server.state.calls.length, calls + 1, 'a new call');
    assert.equal(await ff.allowMicrophone(), '', 'no microphone prompt the second time');
    await ff.pressAltShift('K');
    await waitForSidebar((x) => x.status === 'idle', 'stopped from the shortcut');
  });
});
