// @ts-check
// Redaction end to end: a page full of personal data and secrets in the forms real pages use, read
// by the real extension in Chromium; what the local server (standing in for OpenAI) receives.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAction, waitFor } from './harness.mjs';
import { sentInstructions, startHark, waitForPanel } from './support.mjs';

/** Every one of these is on the page or in its address; none may reach the server. */
const SECRETS = [
  'jane.roe@example.com', // in the title
  'sam dot lee at example dot org',
  'doe@example.com',
  '4155550132',
  '１２３４－５６７８',
  'de89-3704',
  '4111.1111',
  'Sommer2024',
  '551203',
  'ghp_wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO2rINUx',
  'sk-proj-Ab3dEf6hIj9k',
  '9c1f0e7a5b3d2c4e6f8a',
  'PAGEURLSECRET123abc', // in the page's own address
  'FRAGSECRET456def',
];

/** The rest of the page must still read: prices, dates, order numbers, versions, the address. */
const READABLE = ['#112-4456789-1234567', '2026-12-02', '$1,299.00', '20.20.2', 'Tide Pool Guide', 'redaction.html?token=[secret]&page=2'];

describe('redaction of what a page shows and where it lives', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;

  before(async () => {
    h = await startHark({ siteAccess: true });
  });

  after(() => h?.close());

  it('sends the page with every secret replaced and the rest readable', async () => {
    const { server, web, b } = h;
    const page = await b.ctx.newPage();
    await page.goto(`${web.url('redaction.html')}?token=PAGEURLSECRET123abc&page=2#access_token=FRAGSECRET456def`);
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
    const sent = await waitFor(() => sentInstructions(server).find((i) => i.includes('Tide Pool Guide')), {
      what: 'a session.update with the page',
    });
    const everything = JSON.stringify(server.state);
    const leaked = SECRETS.filter((s) => everything.includes(s));
    console.log(`[redaction e2e] secrets reaching the server: ${leaked.length} of ${SECRETS.length}`);
    assert.deepEqual(leaked, []);
    for (const r of READABLE) assert.ok(sent.includes(r), `"${r}" should still read in: ${sent}`);
    for (const kind of ['email', 'phone', 'iban', 'card', 'secret']) assert.match(sent, new RegExp(`\\[${kind}\\]`));
    await triggerAction(b.ctx, b.extensionId, page);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
  });

  it('redacts the address the browser reports for a tab Hark cannot script', async () => {
    const { server, web, b } = h;
    const article = await b.ctx.newPage();
    await article.goto(web.url('article.html'));
    await triggerAction(b.ctx, b.extensionId, article);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live session');
    // A page that failed to load shows Chrome's error page, which no extension may script: Hark
    // knows only the tab's title and address, and the address carries a token.
    const broken = await b.ctx.newPage();
    await broken.goto('http://127.0.0.1:1/redaction.html?token=PAGEURLSECRET123abc&page=2#access_token=FRAGSECRET456def').catch(() => {});
    await broken.bringToFront();
    const sent = await waitFor(() => sentInstructions(server).find((i) => i.includes('127.0.0.1:1/')), {
      what: 'a session.update naming the unreadable tab',
    });
    const everything = JSON.stringify(server.state);
    for (const s of ['PAGEURLSECRET123abc', 'FRAGSECRET456def']) assert.ok(!everything.includes(s), `"${s}" reached the server`);
    assert.match(sent, /redaction\.html\?token=\[secret\]&page=2#access_token=\[secret\]/);
    await triggerAction(b.ctx, b.extensionId, article);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped');
  });
});
