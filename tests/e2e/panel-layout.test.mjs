// @ts-check
// The side panel's type scale and preferences layout at real panel width (360×665), read from
// computed styles in headless Chromium: Chrome's extension stylesheet sets `body { font-size: 75% }`,
// which only a real extension page shows (happy-dom has no such stylesheet).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHark } from './support.mjs';
import { ensureLive, ensureStopped } from './session-steps.mjs';

/** Optional screenshots for a human check: SHOTS=/tmp/dir writes light and dark at 360 px. */
const SHOTS = process.env.SHOTS;

describe('side panel layout at 360 px', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let panel;
  const px = (/** @type {string} */ sel) => panel.locator(sel).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

  before(async () => {
    h = await startHark({ via: 'storage', page: 'article.html' });
    panel = await h.b.ctx.newPage();
    await panel.setViewportSize({ width: 360, height: 665 });
    await panel.goto(`chrome-extension://${h.b.extensionId}/sidepanel.html`);
    // A new user sees the welcome card until a first conversation connects (checked gone below).
    await panel.getByRole('region', { name: 'Welcome to Hark' }).waitFor();
    await ensureLive(h.b, h.page);
    await panel.getByLabel('Message').fill('What are tide pools?');
    await panel.getByLabel('Message').press('Enter');
    await panel.locator('.msg-assistant').first().waitFor({ timeout: 15_000 });
  });

  after(() => h?.close());

  it('message text is at least 14 px and larger than its "who · time" line', async () => {
    const text = await px('.msg-user .text');
    assert.ok(text >= 14, `message text is ${text} px`);
    for (const meta of ['.msg-user .who', '.msg-user .at']) {
      const size = await px(meta);
      assert.ok(size < text, `${meta} is ${size} px, the text it labels ${text} px`);
    }
  });

  it('the conversation gets most of a 360×665 panel while live (issue 17, defect 6: it had ~200 px)', async () => {
    const box = await panel.locator('.transcript').boundingBox();
    assert.ok(box, 'the transcript is shown');
    assert.ok(box.height >= 0.6 * 665, `the transcript is ${box.height} px of 665`);
    // Interrupt only while the assistant speaks; Mute while live; the welcome card gone once a conversation connected.
    // (The fake microphone's sentence repeats, so a reply may be under way at this moment: Interrupt
    // must go away once it ends.)
    await panel.getByRole('button', { name: 'Interrupt' }).waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await panel.getByRole('button', { name: 'Interrupt' }).count(), 0, 'no Interrupt while nobody replies');
    assert.equal(await panel.getByRole('button', { name: 'Mute' }).count(), 1);
    assert.equal(await panel.getByRole('region', { name: 'Welcome to Hark' }).count(), 0, 'the welcome card is gone');
    // The meters are one line.
    const meters = await panel.locator('.meters').boundingBox();
    assert.ok(meters && meters.height <= 20, `the meters take ${meters?.height} px`);
  });

  it('every select and input in "Voice, model and turns" is at least 120 px wide', async () => {
    await panel.getByText('Voice, model and turns').click();
    const widths = await panel
      .locator('.prefs select, .prefs input:not([type="checkbox"])')
      .evaluateAll((els) => els.map((el) => ({ id: el.id, width: el.getBoundingClientRect().width })));
    if (SHOTS) {
      for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
        await panel.emulateMedia({ colorScheme });
        await panel.screenshot({ path: `${SHOTS}/panel-360-${colorScheme}.png`, fullPage: true });
      }
    }
    assert.ok(widths.length >= 4, `found the fields: ${JSON.stringify(widths)}`);
    for (const w of widths) assert.ok(w.width >= 120, `${w.id} is ${w.width} px wide`);
  });

  it('history: a saved conversation\'s title is at least 14 px and larger than its date line (defect 1: dates were larger)', async () => {
    await ensureStopped(h.b, h.page);
    await panel.getByRole('button', { name: /^History/ }).click();
    await panel.locator('.history-item').first().waitFor({ timeout: 15_000 });
    const title = await px('.history-item-title');
    const meta = await px('.history-item-meta');
    assert.ok(title >= 14, `the title is ${title} px`);
    assert.ok(meta < title, `the date line is ${meta} px, the title ${title} px`);
  });
});
