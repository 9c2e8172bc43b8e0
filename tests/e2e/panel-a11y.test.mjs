// @ts-check
// The side panel at 360×665, light and dark, in each state a user meets (idle, live, error,
// history): axe-core finds no serious or critical violations, and a screenshot of each is written
// to tests/e2e/artifacts (README's screenshots come from there). Also: the toolbar icon's states
// and the message row's hover-only time and Copy (issue 17: defects 5 and 12, "Done means").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { waitFor } from './harness.mjs';
import { startHark, useLocalServer, waitForPanel } from './support.mjs';
import { ensureLive, ensureStopped } from './session-steps.mjs';
import { ensureSilentWav } from './fault-support.mjs';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
// axe-core is pinned in package.json; its source is evaluated in the page over CDP (an extension
// page's CSP would refuse an injected <script>).
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('side panel accessibility and screenshots, light and dark', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let panel;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHark({ via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    panel = await h.b.ctx.newPage();
    await panel.setViewportSize({ width: 360, height: 665 });
    await panel.goto(`chrome-extension://${h.b.extensionId}/sidepanel.html`);
    await panel.locator('.status-line').waitFor();
  });

  after(() => h?.close());

  /** axe in both colour schemes; a screenshot of each. @param {string} state */
  const check = async (state) => {
    /** @type {string[]} */
    const problems = [];
    for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
      await panel.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await panel.mouse.move(0, 0); // no hover state in the shot
      await panel.screenshot({ path: path.join(ARTIFACTS, `panel-${state}-${colorScheme}.png`) });
      if (!(await panel.evaluate(() => 'axe' in globalThis))) await panel.evaluate(AXE);
      const violations = await panel.evaluate(async () => {
        // @ts-ignore axe is the global the evaluated source defined
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((/** @type {any} */ v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((/** @type {any} */ n) => `${n.target.join(' ')}: ${n.failureSummary}`).slice(0, 3) }));
      });
      for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${state}/${colorScheme}: ${v.id} (${v.impact}) ${v.nodes.join(' | ')}`);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  };

  it('idle', async () => {
    await panel.locator('.orb').waitFor();
    await check('idle');
  });

  it('live, with a conversation and the "Shared with the assistant" card; the toolbar icon follows (muted: mic-slash, its own badge and tooltip)', async () => {
    await ensureLive(h.b, h.page);
    await panel.getByLabel('Message').fill('What are tide pools?');
    await panel.getByLabel('Message').press('Enter');
    await panel.locator('.msg-assistant', { hasText: 'tide pools' }).first().waitFor({ timeout: 15_000 });
    await check('live');
    await panel.locator('button.page').click();
    await panel.getByRole('region', { name: 'Shared with the assistant' }).waitFor();
    await check('shared');
    await panel.locator('button.page').click();

    const action = () =>
      h.b.sw.evaluate(async () => ({
        // @ts-ignore chrome in the worker
        badge: await chrome.action.getBadgeText({}),
        // @ts-ignore
        title: await chrome.action.getTitle({}),
      }));
    await waitFor(async () => /listening|hears you|answering/.test((await action()).title), { what: 'the tooltip says Hark is listening' });
    // The status dot: muted must not look like listening (defect 5: both were the green dot).
    const dot = () => panel.locator('.status-line .dot').evaluate((el) => { const c = getComputedStyle(el); return `${c.backgroundColor} ${c.boxShadow}`; });
    await panel.locator('.status-line[data-activity="listening"]').waitFor({ timeout: 30_000 });
    const hot = await dot();
    await panel.getByRole('button', { name: 'Mute' }).click();
    await waitForPanel(h.b.ctx, (p) => p.activity === 'muted', 'muted');
    await panel.locator('.status-line[data-activity="muted"]').waitFor();
    assert.notEqual(await dot(), hot, 'the muted dot differs from the listening one');
    const muted = await waitFor(async () => ((await action()).badge === 'MUTE' ? action() : null), { what: 'the muted badge' });
    assert.match(muted.title, /muted but still connected — click to stop/);
    await check('muted');
    await panel.getByRole('button', { name: 'Unmute' }).click();
  });

  it('a message shows its time and Copy on hover or focus, not on every bubble', async () => {
    const row = panel.locator('.msg-user').first();
    const opacity = () => row.locator('.at').evaluate((el) => getComputedStyle(el).opacity);
    await panel.mouse.move(0, 0);
    assert.equal(await opacity(), '0');
    await row.hover();
    assert.equal(await opacity(), '1');
  });

  it('error', async () => {
    await ensureStopped(h.b, h.page);
    await useLocalServer(h.b.sw, 'http://127.0.0.1:9');
    await panel.locator('.controls button.primary').click();
    await panel.locator('.error').waitFor({ timeout: 15_000 });
    await check('error');
    const title = await h.b.sw.evaluate(() => /** @type {any} */ (globalThis).chrome.action.getTitle({}));
    assert.match(title, /click to try again/);
    await useLocalServer(h.b.sw, h.server.url);
  });

  it('history', async () => {
    await panel.getByRole('button', { name: /^History/ }).click();
    await panel.locator('.history').waitFor();
    await check('history');
  });
});
