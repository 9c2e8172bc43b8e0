// @ts-check
// Page context and privacy, end to end: what the local server (standing in for OpenAI) receives.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAction, waitFor } from './harness.mjs';
import { configure, sentInstructions, startHark, waitForPanel } from './support.mjs';
import { ensureStopped } from './session-steps.mjs';

describe('page context follows the user', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, web, b;

  before(async () => {
    h = await startHark({ siteAccess: true });
    ({ server, web, b } = h);
  });

  after(() => h?.close());

  it('switching tabs sends the new page to the live session, and the panel says which page it knows', async () => {
    const article = await b.ctx.newPage();
    await article.goto(web.url('article.html'));
    await triggerAction(b.ctx, b.extensionId, article);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
    assert.match(sentInstructions(server).at(-1) ?? '', /Page title: "Hark Test Article: Tide Pools"/);

    const docs = await b.ctx.newPage();
    await docs.goto(web.url('docs.html'));
    await docs.bringToFront();
    const updated = await waitFor(() => sentInstructions(server).find((i) => i.includes('Compass API')), {
      what: 'a session.update with the docs page',
    });
    assert.match(updated, /Page title: "Hark Test Docs: The Compass API"/);
    assert.match(updated, /Returns the current heading in degrees/);
    const panel = await waitForPanel(b.ctx, (p) => p.page === 'Hark Test Docs: The Compass API', 'panel shows the new page');
    assert.equal(panel.status, 'live', 'the session kept running across the switch');

    // Back to the first tab: the assistant is told again.
    const before = sentInstructions(server).length;
    await article.bringToFront();
    await waitFor(() => sentInstructions(server).slice(before).some((i) => i.includes('Tide Pools')), { what: 'switch back' });
    await triggerAction(b.ctx, b.extensionId, article);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
  });

  it('a password typed into the page, and contact details on it, never reach the server', async () => {
    const login = await b.ctx.newPage();
    await login.goto(web.url('login.html'));
    await login.fill('#user', 'captain.nemo');
    await login.fill('#password', 'Hunter2-Nautilus!');
    await login.fill('#notes', 'my pin is 4921');
    await ensureStopped(b, login); // a session left running by the test before would not start anew here
    await triggerAction(b.ctx, b.extensionId, login);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
    const sent = sentInstructions(server).at(-1) ?? '';
    assert.match(sent, /Page title: "Hark Test Login: Sea Bank"/);
    assert.match(sent, /\[email\]/);
    assert.match(sent, /\[phone\]/);
    const everything = JSON.stringify(server.state);
    for (const secret of ['Hunter2-Nautilus!', 'captain.nemo', '4921', 'help@seabank.example', '7946 0958']) {
      assert.ok(!everything.includes(secret), `"${secret}" reached the server`);
    }
    await triggerAction(b.ctx, b.extensionId, login);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
  });
});

describe('an excluded site', () => {
  it('sends nothing about the page: not its title, URL or text', async () => {
    const h = await startHark({ via: 'none', page: 'article.html' });
    const { server, b, page } = h;
    try {
      await configure(b.ctx, b.extensionId, { serverUrl: server.url, neverSend: '127.0.0.1' });
      await triggerAction(b.ctx, b.extensionId, page);
      const panel = await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
      const sent = sentInstructions(server).at(-1) ?? '';
      assert.ok(sent.length > 0, 'instructions were still sent (without the page)');
      const everything = JSON.stringify(server.state);
      for (const leak of ['Tide Pools', 'Tide pools', 'article.html', 'rocky pools']) {
        assert.ok(!everything.includes(leak), `"${leak}" reached the server`);
      }
      // The model learns only that the page is private, not which rule hid it.
      assert.match(sent, /keeps this page private/);
      assert.ok(!sent.includes('127.0.0.1') && !/never-send/i.test(sent), 'the rule reached the server');
      assert.match(panel.page ?? '', /no page/);
    } finally {
      await h.close();
    }
  });
});
