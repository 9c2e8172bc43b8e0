// @ts-check
// The whole product path in real headless Chromium: the built extension, a fake microphone that
// speaks, and the local Realtime server. Each test checks what a user would see.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureRepeatingSpeechWav, evalInExtensionTarget, listExtensionContexts, triggerAction, waitFor } from './harness.mjs';
import { mediaReleased } from './fault-support.mjs';
import { closeSidePanel, configure, readPanel, startHark, waitForPanel } from './support.mjs';
import { ensureLive, ensureStopped } from './session-steps.mjs';

const TITLE = 'Hark Test Article: Tide Pools';

describe('walking skeleton: talk to the page', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b, page;
  const offscreenDocuments = async () => (await listExtensionContexts(b.sw)).filter((c) => c.contextType === 'OFFSCREEN_DOCUMENT').length;
  /** Settings: "Keep Hark ready after a conversation" (minutes). */
  const setKeepReady = (minutes) =>
    b.sw.evaluate(async (keepReadyMinutes) => {
      // @ts-ignore chrome in the worker
      const { settings } = await chrome.storage.local.get('settings');
      // @ts-ignore
      await chrome.storage.local.set({ settings: { ...settings, keepReadyMinutes } });
    }, minutes);

  /** Types into a side panel opened in a tab (the real one cannot be typed into over CDP) and waits for the reply. */
  const typeAndWaitForReply = async (/** @type {string} */ text) => {
    const panel = await b.ctx.newPage();
    try {
      await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
      await panel.getByLabel('Message', { exact: true }).fill(text);
      await panel.getByRole('button', { name: 'Send' }).click();
      // The reply to the typed question: the first finished assistant message after it. The
      // fake mic's sentence repeats, so a spoken turn can land between the question and its reply;
      // the local server then answers the newest turn (the real model would answer both), which
      // is only accepted when that spoken turn shows in between.
      await panel.waitForFunction(
        (asked) => {
          const rows = [...document.querySelectorAll('.msg')].map((el) => ({
            role: /** @type {HTMLElement} */ (el).dataset.role,
            final: /** @type {HTMLElement} */ (el).dataset.final === 'true',
            text: el.querySelector('.text')?.textContent ?? '',
          }));
          const q = rows.findIndex((r) => r.role === 'user' && r.text === asked);
          if (q < 0) return false;
          const a = rows.findIndex((r, i) => i > q && r.role === 'assistant' && r.final && r.text.startsWith('You said'));
          if (a < 0) return false;
          return rows[a].text.includes(`You said: "${asked}"`) || rows.slice(q + 1, a).some((r) => r.role === 'user');
        },
        text,
        { timeout: 15_000, polling: 100 },
      );
    } catch (e) {
      // Say what the server saw, so a lost reply can be told from a slow one.
      const call = server.state.calls.at(-1);
      const events = (call?.serverEvents ?? []).slice(-20).map((/** @type {any} */ ev) => ev.type + (ev.error ? `(${ev.error.code})` : ''));
      throw new Error(`${/** @type {Error} */ (e).message}\nserver: client sent ${JSON.stringify(call?.clientEvents.slice(-6).map((/** @type {any} */ ev) => ev.type))}; last events ${events.join(', ')}`);
    } finally {
      await panel.close();
    }
  };

  before(async () => {
    // The sentence repeats (every ~8 s): it plays from when the mic opens, and on a busy machine
    // a sentence played once was over before the session was live (see ensureRepeatingSpeechWav).
    h = await startHark({ browser: { wav: ensureRepeatingSpeechWav(), noloop: false }, page: 'article.html' });
    ({ server, b, page } = h);
    // The user has selected a sentence: it should reach the instructions too.
    await page.evaluate(() => getSelection()?.selectAllChildren(document.getElementById('lead')));
  });

  after(() => h?.close());

  it('toolbar click opens the side panel and starts listening', async () => {
    await triggerAction(b.ctx, b.extensionId, page);
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'live', 'side panel shows a live session');
    assert.equal(panel.page, TITLE);
    const contexts = await listExtensionContexts(b.sw);
    assert.equal(contexts.filter((c) => c.contextType === 'OFFSCREEN_DOCUMENT').length, 1);
  });

  it('session.update carried the page title, URL and selection as instructions', async () => {
    await ensureLive(b, page);
    const call = server.state.calls.at(-1);
    assert.ok(call, 'the server saw a call');
    const update = call.clientEvents.find((e) => e.type === 'session.update');
    assert.ok(update, 'a session.update was sent');
    const instructions = update.session.instructions;
    assert.match(instructions, new RegExp(`Page title: "${TITLE}"`));
    assert.match(instructions, /Page URL: "http:\/\/127\.0\.0\.1:\d+\/article\.html"/);
    assert.match(instructions, /Tide pools are rocky pools/);
    assert.equal(update.session.type, 'realtime');
  });

  it('a spoken turn shows the user message, then the assistant reply, in order', async () => {
    await ensureLive(b, page);
    const panel = await waitForPanel(
      b.ctx,
      (p) => p.messages.some((m) => m.role === 'assistant' && m.final && m.text.includes(TITLE)),
      'assistant reply to the spoken question',
    );
    // The mic repeats the sentence, so more turns may follow; the first reply answers the first
    // thing said, and comes after it.
    const firstReply = panel.messages.findIndex((m) => m.role === 'assistant');
    assert.ok(firstReply >= 1, `a user message before the first reply: ${JSON.stringify(panel.messages)}`);
    assert.ok(panel.messages.slice(0, firstReply).every((m) => m.role === 'user'), JSON.stringify(panel.messages));
    assert.ok(panel.messages[0].text.length > 0, 'the user message shows the transcription');
    assert.match(panel.messages[firstReply].text, /You said/);
    assert.ok(server.state.calls.at(-1).rtp.packets > 50, 'microphone audio reached the server');
  });

  it('a typed message gets a reply', async () => {
    await ensureLive(b, page);
    await typeAndWaitForReply('What are tide pools?');
    // The real side panel shows the same conversation.
    await waitForPanel(b.ctx, (p) => p.messages.some((m) => m.role === 'user' && m.text === 'What are tide pools?'), 'typed message in the side panel');
  });

  it('clicking the toolbar again stops: microphone and connection released, server hung up', async () => {
    await ensureLive(b, page);
    await typeAndWaitForReply('Is this kept?');
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'side panel shows idle');
    await waitFor(() => server.state.calls.at(-1).closed, { what: 'server sees the peer connection closed' });
    // The side panel is open: the document stands by for the next start, holding nothing.
    assert.equal(await offscreenDocuments(), 1);
    await waitFor(() => mediaReleased(b.ctx), { what: 'no live microphone track, no open peer connection' });
    // The conversation stays readable after stopping.
    // (The repeating sentence may have cut the reply off mid-way: it is kept, marked as such.)
    const { messages } = await readPanel(b.ctx);
    const asked = messages.findIndex((m) => m.role === 'user' && m.text === 'Is this kept?');
    assert.ok(asked >= 0, `the question is kept: ${JSON.stringify(messages)}`);
    assert.ok(messages.slice(asked + 1).some((m) => m.role === 'assistant' && m.text.startsWith('You said')), `its reply is kept: ${JSON.stringify(messages)}`);
  });

  it('talking again reuses the standby document; it closes when its time is up', async () => {
    // On standby after a conversation that said something, with the side panel open.
    await setKeepReady(5);
    await ensureLive(b, page);
    await typeAndWaitForReply('What are tide pools?');
    await ensureStopped(b, page);
    assert.equal(await offscreenDocuments(), 1, 'on standby');
    const bornAt = () => evalInExtensionTarget(b.ctx, 'offscreen.html', 'performance.timeOrigin');
    const before = await bornAt();
    const calls = server.state.calls.length;
    await triggerAction(b.ctx, b.extensionId, page);
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'live', 'live again');
    assert.equal(panel.page, TITLE);
    assert.equal(server.state.calls.length, calls + 1, 'a new call');
    assert.match(server.state.calls.at(-1).clientEvents.find((e) => e.type === 'session.update').session.instructions, new RegExp(TITLE));
    assert.equal(await bornAt(), before, 'the same document');
    assert.ok(!(await readPanel(b.ctx)).messages.some((m) => m.text === 'What are tide pools?'), 'a new conversation, not the last one');
    // Kept for 1.2 s this time (Settings: "Keep Hark ready after a conversation").
    await setKeepReady(0.02);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
    const stoppedAt = Date.now();
    await waitFor(async () => (await offscreenDocuments()) === 0, { what: 'the standby document closed' });
    console.log(`[e2e] standby: restarted in the same document; closed ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after the stop (kept 1.2 s)`);
    assert.ok(server.state.calls.every((c) => c.closed));
  });

  it('"keep ready" 0: a stop closes the document at once, side panel open or not', async () => {
    await setKeepReady(0);
    await ensureStopped(b, page);
    await ensureLive(b, page);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
    await waitFor(async () => (await offscreenDocuments()) === 0, { what: 'the document closed with the stop' });
    await setKeepReady(5);
  });

  it('closing the side panel ends the standby at once', async () => {
    await setKeepReady(5);
    await ensureStopped(b, page);
    await ensureLive(b, page);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
    assert.equal(await offscreenDocuments(), 1, 'on standby (5 minutes)');
    const t0 = Date.now();
    await closeSidePanel(b.sw);
    await waitFor(async () => (await offscreenDocuments()) === 0, { what: 'the standby document closed with the side panel' });
    console.log(`[e2e] standby: side panel closed → document closed ${Date.now() - t0} ms later`);
  });
});

describe('wrong API key', () => {
  it('shows a clear error, and makes exactly one request (no retry loop)', async () => {
    const h = await startHark({ server: { apiKeys: ['sk-right-key'] }, via: 'none', page: 'article.html' });
    const { server, b, page } = h;
    try {
      await configure(b.ctx, b.extensionId, { serverUrl: server.url, apiKey: 'sk-wrong-key' });
      await triggerAction(b.ctx, b.extensionId, page);
      const panel = await waitForPanel(b.ctx, (p) => p.status === 'error', 'error state');
      assert.match(panel.error ?? '', /API key was rejected/);
      assert.match(panel.error ?? '', /Open settings/);
      // A failed start closes the document the click began: nothing stands by after an error.
      const contexts = await listExtensionContexts(b.sw);
      assert.ok(contexts.every((c) => c.contextType !== 'OFFSCREEN_DOCUMENT'), 'no microphone held after the error');
      // Give a retry loop the chance to show itself, then count.
      await new Promise((r) => setTimeout(r, 1500));
      const counts = server.state.http.counts;
      assert.deepEqual(counts['POST /v1/realtime/client_secrets'], { 401: 1 });
      assert.equal(counts['POST /v1/realtime/calls'], undefined);
    } finally {
      await h.close();
    }
  });
});
