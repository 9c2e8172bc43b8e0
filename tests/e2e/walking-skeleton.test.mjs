// @ts-check
// The whole product path in real headless Chromium: the built extension, a fake microphone that
// speaks, and the local Realtime server. Each test checks what a user would see.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureSpeechWav, listExtensionContexts, triggerAction, waitFor } from './harness.mjs';
import { configure, readPanel, startHark, waitForPanel } from './support.mjs';

const TITLE = 'Hark Test Article: Tide Pools';

describe('walking skeleton: talk to the page', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b, page;

  before(async () => {
    h = await startHark({ browser: { wav: ensureSpeechWav() }, page: 'article.html' });
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
    const call = server.state.calls.at(-1);
    assert.ok(call, 'the server saw a call');
    const update = call.clientEvents.find((e) => e.type === 'session.update');
    assert.ok(update, 'a session.update was sent');
    const instructions = update.session.instructions;
    assert.match(instructions, new RegExp(`Page title: ${TITLE}`));
    assert.match(instructions, /Page URL: http:\/\/127\.0\.0\.1:\d+\/article\.html/);
    assert.match(instructions, /Tide pools are rocky pools/);
    assert.equal(update.session.type, 'realtime');
  });

  it('a spoken turn shows the user message, then the assistant reply, in order', async () => {
    const panel = await waitForPanel(
      b.ctx,
      (p) => p.messages.some((m) => m.role === 'assistant' && m.final && m.text.includes(TITLE)),
      'assistant reply to the spoken question',
    );
    const roles = panel.messages.map((m) => m.role);
    assert.deepEqual(roles.slice(0, 2), ['user', 'assistant']);
    const user = panel.messages[0];
    assert.ok(user.text.length > 0, 'the user message shows the transcription');
    assert.match(panel.messages[1].text, /You said/);
    assert.ok(server.state.calls.at(-1).rtp.packets > 50, 'microphone audio reached the server');
  });

  it('a typed message gets a reply', async () => {
    const panel = await b.ctx.newPage();
    await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
    await panel.getByLabel('Message', { exact: true }).fill('What are tide pools?');
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.locator('.msg-assistant', { hasText: 'You said: "What are tide pools?"' }).waitFor({ timeout: 15_000 });
    // The real side panel shows the same conversation.
    await waitForPanel(b.ctx, (p) => p.messages.some((m) => m.role === 'user' && m.text === 'What are tide pools?'), 'typed message in the side panel');
    await panel.close();
  });

  it('clicking the toolbar again stops: offscreen document closed, microphone released, server hung up', async () => {
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'side panel shows idle');
    await waitFor(async () => (await listExtensionContexts(b.sw)).every((c) => c.contextType !== 'OFFSCREEN_DOCUMENT'), {
      what: 'offscreen document closed',
    });
    await waitFor(() => server.state.calls.at(-1).closed, { what: 'server sees the peer connection closed' });
    // The conversation stays readable after stopping.
    const panel = await readPanel(b.ctx);
    assert.ok(panel.messages.length >= 4, `transcript kept: ${JSON.stringify(panel.messages)}`);
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
