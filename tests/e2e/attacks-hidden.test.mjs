// @ts-check
// Attacks through the page itself, end to end in Chromium, judged by what the local server (standing
// in for OpenAI) receives: text a stylesheet hides (a prompt-injection hiding place) and the
// details of a page the user keeps private.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalInExtensionTarget, triggerAction, waitFor } from './harness.mjs';
import { configure, readPanel, sentInstructions, startHark, waitForPanel } from './support.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** One page per hiding technique; each marks its visible text vis-… and its hidden text hid-…. */
const CORPUS = fs.readdirSync(FIXTURES).filter((f) => /^hidden-.*\.html$/.test(f)).sort();
const markers = (html, kind) => [...new Set(html.match(new RegExp(`\\b${kind}-[a-z]+-[a-z0-9]+\\b`, 'g')) ?? [])];
const titleOf = (html) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';

describe('attacks through the page', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;

  before(async () => {
    h = await startHark({ siteAccess: true });
  });

  after(() => h?.close());

  it('hidden text never reaches the server; visible text does', async () => {
    const { server, web, b } = h;
    assert.ok(CORPUS.length >= 10, `a page per technique (found ${CORPUS.length})`);
    let hiddenTotal = 0;
    let visibleTotal = 0;
    /** @type {string[]} */ const leaked = [];
    /** @type {string[]} */ const lost = [];
    let started = false;
    for (const file of CORPUS) {
      const html = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const title = titleOf(html);
      // Counted before the tab opens: the live session may re-read it as soon as it has loaded.
      const seen = sentInstructions(server).length;
      const page = await b.ctx.newPage();
      await page.goto(web.url(file));
      if (!started) {
        await triggerAction(b.ctx, b.extensionId, page);
        await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
        started = true;
      } else {
        // The live session follows the tab the user looks at and re-reads it.
        await page.bringToFront();
      }
      const sent = await waitFor(() => sentInstructions(server).slice(seen).find((i) => i.includes(title)), {
        what: `a session.update about ${file}`,
        timeout: 20_000,
      });
      const hidden = markers(html, 'hid');
      const visible = markers(html, 'vis');
      hiddenTotal += hidden.length;
      visibleTotal += visible.length;
      leaked.push(...hidden.filter((m) => sent.includes(m)).map((m) => `${file}: ${m}`));
      lost.push(...visible.filter((m) => !sent.includes(m)).map((m) => `${file}: ${m}`));
      await page.close();
    }
    // Nothing hidden anywhere in what the server holds, across every update.
    const everything = JSON.stringify(server.state);
    const anywhere = CORPUS.flatMap((f) => markers(fs.readFileSync(path.join(FIXTURES, f), 'utf8'), 'hid')).filter((m) => everything.includes(m));
    console.log(`[attack] hidden-text markers reaching the server: ${leaked.length} of ${hiddenTotal}`);
    console.log(`[attack] visible-text markers kept: ${visibleTotal - lost.length} of ${visibleTotal}`);
    assert.deepEqual(leaked, [], 'hidden text reached the server');
    assert.deepEqual(anywhere, [], 'hidden text is somewhere in the server state');
    assert.deepEqual(lost, [], 'visible text was lost');
    assert.ok(!/developer mode|SYSTEM: new rules/.test(everything), 'a hidden injection reached the server');
  });

  it('a page title cannot break out of its quotes', async () => {
    const { server, web, b } = h;
    const pages = ['title-quote.html', 'title-og.html'];
    /** @type {string[]} */ const escaped = [];
    for (const file of pages) {
      const seen = sentInstructions(server).length;
      const page = await b.ctx.newPage();
      await page.goto(web.url(file));
      await page.bringToFront();
      if ((await readPanel(b.ctx).catch(() => null))?.status !== 'live') await triggerAction(b.ctx, b.extensionId, page);
      const marker = file === 'title-quote.html' ? 'Cheap flights' : 'Recipe of the day';
      const sent = await waitFor(() => sentInstructions(server).slice(seen).find((i) => /^Page title: .*/m.exec(i)?.[0].includes(marker)), {
        what: `a session.update about ${file}`,
        timeout: 20_000,
      });
      const value = /^Page title: (.*)$/m.exec(sent)?.[1] ?? '';
      // The whole value is one JSON string, and no line of the instructions speaks as the system.
      let decoded = null;
      try {
        decoded = JSON.parse(value);
      } catch {
        // not one string: the title broke out
      }
      if (typeof decoded !== 'string' || !decoded.includes(marker) || sent.split('\n').some((l) => /^\s*SYSTEM:/.test(l))) escaped.push(file);
      await page.close();
    }
    console.log(`[attack] page titles escaping their quotes: ${escaped.length} of ${pages.length}`);
    assert.deepEqual(escaped, []);
  });

  it('a page on the never-send list tells the server nothing about itself; the panel still says why', async () => {
    const { server, web, b } = h;
    const file = 'article.html';
    const url = new URL(web.url(file));
    const rule = `${url.host}/${file}`; // the user's rule names the host and the page
    await configure(b.ctx, b.extensionId, { serverUrl: server.url, neverSend: rule });
    const seen = sentInstructions(server).length;
    const page = await b.ctx.newPage();
    await page.goto(url.href);
    await page.bringToFront();
    // Run alone, no session is live yet: start one on this page (otherwise the live one follows it).
    if ((await readPanel(b.ctx).catch(() => null))?.status !== 'live') await triggerAction(b.ctx, b.extensionId, page);
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'live' && p.page !== null, 'live session');
    const sent = await waitFor(() => sentInstructions(server).slice(seen).find((i) => /keeps this page private/.test(i)), {
      what: 'a session.update for the private page',
      timeout: 20_000,
    });
    assert.match(sent, /^Page title: \(private\)$/m);
    // Every update since the tab opened, not only the one that names the page private.
    const since = sentInstructions(server).slice(seen).join('\n');
    const details = [url.hostname, url.host, file, rule, 'Tide Pools', 'Tide pools', 'rocky pools', 'never-send'];
    const reached = details.filter((d) => since.includes(d));
    console.log(`[attack] private-page details reaching the server: ${reached.length} of ${details.length}`);
    assert.deepEqual(reached, [], 'details of the private page reached the server');
    // Locally, the user is still told which rule kept the page back.
    const note = await waitFor(
      () => evalInExtensionTarget(b.ctx, 'sidepanel.html', `document.querySelector('.page-note')?.textContent ?? ''`).then((t) => (t.includes(rule) ? t : null)),
      { what: 'the side panel naming the rule' },
    );
    assert.match(note, /never-send/);
    assert.equal(panel.status, 'live');
    await page.close();
  });
});
