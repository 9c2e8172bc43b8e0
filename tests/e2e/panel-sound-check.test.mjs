// @ts-check
// Issue 16, "Test your audio before connecting … offer it from the panel too": the side panel's
// preferences hold the welcome page's sound check (one shared component, components/SoundCheck.tsx).
// In real headless Chromium with the fake microphone (a beep): the input level moves, the test
// stops, and the test tone plays to its end. Every wait is for a condition.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { openPanelTab, startHark } from './support.mjs';

describe('side panel: check your sound', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let panel;

  before(async () => {
    h = await startHark({ via: 'storage' });
    panel = await openPanelTab(h.b.ctx, h.b.extensionId);
  });

  after(() => h?.close());

  it('the mic level moves with the fake microphone, and the test tone plays', async () => {
    await panel.getByText('Voice, model and turns').click();
    await panel.getByText('Check your sound').click();
    const meter = panel.getByRole('meter', { name: 'Input level' });
    assert.equal(await meter.getAttribute('aria-valuenow'), '0', 'still before the test');
    await panel.getByRole('button', { name: 'Test microphone' }).click();
    await waitFor(async () => Number(await meter.getAttribute('aria-valuenow')) > 5, { what: 'the input level moves with the (fake) microphone' });
    await panel.getByRole('button', { name: 'Stop test' }).click();
    await waitFor(async () => (await meter.getAttribute('aria-valuenow')) === '0', { what: 'the level rests after Stop' });
    const tone = panel.getByRole('button', { name: 'Play test tone' });
    await tone.click();
    // The tone's oscillator ran to its end in a real AudioContext (the button says so when done).
    await waitFor(async () => (await tone.getAttribute('data-tone')) === 'played', { what: 'the test tone played to its end' });
    assert.equal(await panel.locator('.prefs-sound [role=alert]').count(), 0, 'no microphone problem reported');
  });
});
