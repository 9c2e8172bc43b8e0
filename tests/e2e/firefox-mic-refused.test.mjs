// @ts-check
// A Firefox user who refuses the microphone: the sidebar says so plainly, nothing reaches the
// server (no key minted, no call: nothing billed, and the page is not sent), and starting again
// asks again — allowed this time, the conversation goes live.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { firefoxOnArticle, waitForSidebar } from './firefox-harness.mjs';

/** Requests that reached the server's OpenAI routes: mints and calls (CORS preflights are no requests for a key). */
const billable = (/** @type {any} */ server) =>
  server.state.http.log.filter((/** @type {any} */ r) => r.method !== 'OPTIONS' && !r.route.startsWith('/_control')).map((/** @type {any} */ r) => r.route);

/** @typedef {Awaited<ReturnType<typeof firefoxOnArticle>>} OnArticle */

describe('Firefox: the microphone refused', () => {
  /** @type {OnArticle} */ let setup;
  /** @type {OnArticle['ff']} */ let ff;
  /** @type {OnArticle['server']} */ let server;
  /** @type {OnArticle['driver']} */ let driver;
  /** @type {OnArticle['article']} */ let article;
  const sidebar = (/** @type {(s: any) => boolean} */ check, /** @type {string} */ what) => waitForSidebar(driver, ff, check, what);

  before(async () => {
    setup = await firefoxOnArticle({ prompts: true });
    ({ ff, server, driver, article } = setup);
  });

  after(() => setup?.close());

  it('Block in the prompt: a clear message in the sidebar, and nothing reached the server', async () => {
    await article.bringToFront();
    await ff.clickToolbar();
    const prompt = await waitFor(() => ff.refuseMicrophone(), { timeout: 30_000, what: 'the microphone doorhanger' });
    assert.ok(prompt, 'a microphone prompt was shown');
    const s = await sidebar((x) => x.status === 'error', 'the sidebar shows the refusal');
    assert.equal(s.reason, 'mic-denied');
    assert.match(s.error, /did not allow the microphone/);
    assert.match(s.error, /nothing was sent/);
    assert.doesNotMatch(s.error, /chrome:\/\//, 'no Chrome-only advice in Firefox');
    assert.equal(s.orb, 'Start', 'the sidebar offers to start again');
    assert.deepEqual(s.media, null, 'no audio frame left behind');
    assert.deepEqual(billable(server), [], 'no key minted, no call');
    assert.equal(server.state.calls.length, 0);
    assert.ok(!JSON.stringify(server.state).includes('Tide'), 'the page was not sent');
  });

  it('starting again asks again; allowed, it goes live and only then is a key minted', async () => {
    // The sidebar's own Start button (the orb), as the message says.
    await driver.evaluate(() => {
      // @ts-ignore
      browser.extension.getViews({ type: 'sidebar' })[0].document.querySelector('button.orb').click();
    });
    const prompt = await waitFor(() => ff.allowMicrophone(), { timeout: 30_000, what: 'the microphone doorhanger again' });
    assert.ok(prompt, 'asked again');
    const s = await sidebar((x) => x.status === 'live', 'live after allowing');
    assert.equal(s.error, null);
    assert.deepEqual(s.media, { liveTracks: 1, openPeers: 1 });
    assert.deepEqual(billable(server).filter((r) => r.endsWith('client_secrets')).length, 1, 'one key, minted after the answer');
    assert.equal(server.state.calls.length, 1);
    await article.bringToFront();
    await ff.clickToolbar();
    await sidebar((x) => x.status === 'idle', 'stopped');
  });
});
