#!/usr/bin/env node
// `npm run screenshots`: the store screenshots, at the size the stores take (1280×800: Chrome Web
// Store, Edge Add-ons; AMO accepts it too), into docs/store/. The built extension (`npm run build`
// first) runs in headless Chromium against the local Realtime server, as in the e2e suite; each
// scene is the real side panel (a 400 px tab on sidepanel.html) composed beside the real page,
// because a headless browser draws no side panel of its own. Re-run after a visible UI change and
// commit the PNGs (docs/store-listing.md names them).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSilentWav } from '../tests/e2e/fault-support.mjs';
import { startHark, waitForPanel } from '../tests/e2e/support.mjs';
import { triggerAction } from '../tests/e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs/store');
const SIZE = { width: 1280, height: 800 };
const PANEL_WIDTH = 400;

/** One 1280×800 image: the page on the left, the panel on the right, a hairline between. */
async function besideThePage(/** @type {import('playwright-core').BrowserContext} */ ctx, /** @type {Buffer} */ page, /** @type {Buffer} */ panel, /** @type {string} */ file) {
  const canvas = await ctx.newPage();
  await canvas.setViewportSize(SIZE);
  const img = (/** @type {Buffer} */ b) => `data:image/png;base64,${b.toString('base64')}`;
  await canvas.setContent(`<body style="margin:0;display:flex;background:#fff">
    <img src="${img(page)}" width="${SIZE.width - PANEL_WIDTH - 1}" height="${SIZE.height}">
    <div style="width:1px;background:#c4c7c5"></div>
    <img src="${img(panel)}" width="${PANEL_WIDTH}" height="${SIZE.height}"></body>`);
  await canvas.waitForFunction(() => [...document.images].every((i) => i.complete));
  await canvas.screenshot({ path: path.join(OUT, file) });
  await canvas.close();
}

// Site access granted (as a user may): the panel tab taking focus for a screenshot moves the
// conversation off the article; back on it, Hark reads it again.
const h = await startHark({ siteAccess: true, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
try {
  fs.mkdirSync(OUT, { recursive: true });
  const { b } = h;
  await h.page.setViewportSize({ width: SIZE.width - PANEL_WIDTH - 1, height: SIZE.height });
  const panel = await b.ctx.newPage();
  await panel.setViewportSize({ width: PANEL_WIDTH, height: SIZE.height });
  await panel.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  await panel.locator('.status-line').waitFor();
  const shots = async (/** @type {string} */ file) => {
    await panel.mouse.move(0, 0); // no hover state in the shot
    await panel.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
    const panelShot = await panel.screenshot();
    await besideThePage(b.ctx, await h.page.screenshot(), panelShot, file);
  };
  /** The article is the tab the conversation is about (again), as the panel's page pill says. */
  const onArticle = async () => {
    await h.page.bringToFront();
    await panel.locator('button.page', { hasText: 'Tide Pools' }).waitFor({ timeout: 30_000 });
  };

  // 1. The panel beside the page, ready to talk.
  await panel.locator('.orb').waitFor();
  await shots('1-panel-beside-page.png');

  // 2. A live conversation about the page.
  await triggerAction(b.ctx, b.extensionId, h.page);
  await waitForPanel(b.ctx, (p) => p.status === 'live', 'live', 90_000); // a loaded machine may be slow
  for (const q of ['What are tide pools?', 'Which animals live in them?']) {
    await panel.getByLabel('Message').fill(q);
    await panel.getByLabel('Message').press('Enter');
    await panel.locator('.msg-assistant[data-final="true"]', { hasText: q }).first().waitFor({ timeout: 30_000 });
  }
  await onArticle();
  await shots('2-live-conversation.png');

  // 3. What was shared with the assistant (the page, redacted and budgeted).
  await onArticle();
  await panel.locator('button.page').click();
  await panel.getByRole('region', { name: 'Shared with the assistant' }).waitFor();
  await shots('3-shared-with-assistant.png');
  await panel.locator('button.page').click();

  // 4. The settings page, full width.
  const options = await b.ctx.newPage();
  await options.setViewportSize(SIZE);
  await options.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await options.goto(`chrome-extension://${b.extensionId}/options.html`, { waitUntil: 'domcontentloaded' });
  await options.getByRole('heading', { level: 1 }).waitFor();
  await options.screenshot({ path: path.join(OUT, '4-options.png') });

  for (const f of fs.readdirSync(OUT).filter((n) => n.endsWith('.png')).sort()) {
    console.log(`docs/store/${f}  ${Math.round(fs.statSync(path.join(OUT, f)).size / 1024)} KiB`);
  }
} finally {
  await h.close();
}
