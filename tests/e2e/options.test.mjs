// @ts-check
// The options page keeps what the user sets for the session's lifetime rules.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { EXTENSION_PATH } from './support.mjs';

it('idle auto-end, stop-on-panel-close and keep-ready are set by label, saved, and shown again', async () => {
  const b = await launchBrowser({ extensionPath: EXTENSION_PATH });
  try {
    const page = await b.ctx.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByLabel(/End a silent conversation after/).fill('7');
    await page.getByLabel('Stop the conversation when I close the side panel').check();
    await page.getByLabel(/Keep Hark ready after a conversation/).fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await page.getByLabel(/End a silent conversation after/).waitFor();
    assert.equal(await page.getByLabel(/End a silent conversation after/).inputValue(), '7');
    assert.equal(await page.getByLabel('Stop the conversation when I close the side panel').isChecked(), true);
    assert.equal(await page.getByLabel(/Keep Hark ready after a conversation/).inputValue(), '0');
    const saved = await b.sw.evaluate(() => chrome.storage.local.get('settings'));
    assert.equal(saved.settings.idleTimeoutMinutes, 7);
    assert.equal(saved.settings.stopWhenPanelCloses, true);
    assert.equal(saved.settings.keepReadyMinutes, 0);
  } finally {
    await b.close();
  }
});

it('speech speed outside 0.25–1.5 is refused with a reason; a valid speed and transcription off are saved', async () => {
  const b = await launchBrowser({ extensionPath: EXTENSION_PATH });
  try {
    const page = await b.ctx.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByLabel(/Speech speed/).fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Speed must be between 0.25 and 1.5/).waitFor();
    const before = await b.sw.evaluate(() => chrome.storage.local.get('settings'));
    assert.notEqual(before.settings?.speed, 2);
    await page.getByLabel(/Speech speed/).fill('1.2');
    await page.getByLabel('Transcription of your speech').selectOption('off');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const saved = await b.sw.evaluate(() => chrome.storage.local.get('settings'));
    assert.equal(saved.settings.speed, 1.2);
    assert.equal(saved.settings.transcriptionModel, 'off');
  } finally {
    await b.close();
  }
});
