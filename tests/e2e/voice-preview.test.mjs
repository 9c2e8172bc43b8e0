// @ts-check
// Voice preview on the options page: a short call with the chosen voice that reads one sentence.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { startHark } from './support.mjs';

it('"Hear this voice" calls the configured server with that voice, asks for one reply, plays it and hangs up', async () => {
  const h = await startHark();
  try {
    const page = await h.b.ctx.newPage();
    await page.goto(`chrome-extension://${h.b.extensionId}/options.html`);
    // Not saved: the preview is for the voice being chosen, on the saved connection.
    await page.getByLabel('Voice', { exact: true }).selectOption('verse');
    await page.getByRole('button', { name: 'Hear this voice' }).click();
    await page.getByText('Playing a sample of verse…').waitFor();

    const call = await waitFor(() => h.server.state.calls.find((c) => c.session?.audio?.output?.voice === 'verse') ?? null, {
      timeout: 15_000,
      what: 'a call with voice verse',
    });
    const create = await waitFor(() => call.clientEvents.find((e) => e.type === 'response.create') ?? null, { timeout: 15_000, what: 'response.create' });
    assert.match(create.response?.instructions ?? '', /Hi, I'm verse\./);
    // No microphone was asked for: nothing but the one reply was requested.
    assert.deepEqual(
      call.clientEvents.map((e) => e.type),
      ['response.create'],
    );
    // The reply's audio reaches the page and plays there.
    await waitFor(
      () =>
        page.evaluate(() => {
          const audio = document.querySelector('audio[data-hark-preview="verse"]');
          const track = audio instanceof HTMLAudioElement && audio.srcObject instanceof MediaStream ? audio.srcObject.getAudioTracks()[0] : null;
          return !!audio && !/** @type {HTMLAudioElement} */ (audio).paused && track?.readyState === 'live';
        }),
      { timeout: 15_000, what: 'the preview audio playing' },
    );
    // When the reply has played, the call ends and the button is back.
    await waitFor(() => call.closed === true, { timeout: 30_000, what: 'the preview call hung up' });
    await page.getByRole('button', { name: 'Hear this voice' }).waitFor();
    assert.equal(await page.locator('audio[data-hark-preview]').count(), 0);
    assert.equal((await h.b.sw.evaluate(() => chrome.storage.local.get('settings'))).settings.voice === 'verse', false, 'a preview saves nothing');
  } finally {
    await h.close();
  }
});

it('a preview of a server that refuses says so on the page, in one line', async () => {
  const h = await startHark({ server: { apiKeys: ['sk-the-right-one'] } });
  try {
    const page = await h.b.ctx.newPage();
    await page.goto(`chrome-extension://${h.b.extensionId}/options.html`);
    await page.getByRole('button', { name: 'Hear this voice' }).click();
    await page.getByText(/^No sample: /).waitFor();
    assert.equal(h.server.state.calls.length, 0);
  } finally {
    await h.close();
  }
});
