// @ts-check
// Three things users of comparable tools ask for (issue 17), in real headless Chromium against the
// local Realtime server: choosing the microphone and speaker (Chromium's fake devices: "Fake Audio
// Input 1/2", "Fake Audio Output 1/2") on the options page and in the side panel's preferences, the
// mute and interrupt shortcuts, and "Talk about this with Hark" on a selection.
//
// Headless Chromium fires no `commands` for key presses (CDP input goes to the renderer, not to
// browser accelerators) and shows no context menus; both are triggered through the worker's test
// hooks, which call the very handlers the browser calls (`harkDebug.command`, `harkDebug.menuClick`).
// The menu's `sidePanel.open` therefore has no user gesture here: the side panel is already open
// from the toolbar click of an earlier step, as it would be for most users.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureSpeechWav, evalInExtensionTarget, triggerAction, waitFor } from './harness.mjs';
import { readPanel, sentInstructions, startHark, waitForPanel } from './support.mjs';
import { ensureLive, ensureStopped } from './session-steps.mjs';

const LONG_REPLY = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');

describe('microphone and speaker choice, shortcuts, the selection menu', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  let server, b, page;
  const call = () => server.state.calls.at(-1);
  const clientEvents = () => call().clientEvents.map((/** @type {{type: string}} */ e) => e.type);
  /** Which microphone the offscreen document's call holds, and where it plays. */
  const devices = () => evalInExtensionTarget(b.ctx, 'offscreen.html', 'harkDebug.devices()');
  const settings = () => b.sw.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  const saveSettings = (/** @type {Record<string, unknown>} */ patch) =>
    b.sw.evaluate(async (patch) => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...settings, ...patch } });
    }, patch);
  const command = (/** @type {string} */ name) => b.sw.evaluate((name) => /** @type {any} */ (globalThis).harkDebug.command(name), name);
  /** A fresh conversation, so it is opened with the settings as they are now. */
  const restart = async () => {
    await ensureStopped(b, page);
    await triggerAction(b.ctx, b.extensionId, page);
    // Generous: a first start on a machine shared by many test runs can take longer than 20 s.
    return waitForPanel(b.ctx, (p) => p.status === 'live', 'live with the settings as they are now', 60_000);
  };

  before(async () => {
    h = await startHark({ server: { timing: { deltaMs: 100, wordMs: 250 } }, browser: { wav: ensureSpeechWav(), noloop: false }, page: 'article.html' });
    ({ server, b, page } = h);
    if (process.env.HARK_E2E_LOG) b.sw.on('console', (m) => console.log('[sw]', m.text()));
  });

  after(() => h?.close());

  it('the options page lists the devices by name; the chosen microphone and speaker are saved and used', async () => {
    const options = await b.ctx.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    const mic = options.getByLabel('Microphone to use');
    const out = options.getByLabel('Play the assistant on');
    await waitFor(async () => (await mic.locator('option').allTextContents()).includes('Fake Audio Input 2'), { what: 'the fake microphones listed by name', timeout: 30_000 });
    const micOptions = await mic.locator('option').allTextContents();
    assert.equal(micOptions[0], 'System default');
    assert.ok(!micOptions.includes('Fake Default Audio Input'), `the system default is listed once: ${micOptions}`);
    await mic.selectOption({ label: 'Fake Audio Input 2' });
    await out.selectOption({ label: 'Fake Audio Output 1' });
    const saved = await waitFor(async () => {
      const s = await settings();
      return s?.micLabel === 'Fake Audio Input 2' && s?.outputLabel === 'Fake Audio Output 1' ? s : null;
    }, { what: 'the choice saved at once' });
    assert.ok(saved.micDeviceId.length > 20 && saved.outputDeviceId.length > 20, 'saved by device id');
    // The settings form's own Save (it holds a copy of all settings) keeps the choice.
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await options.getByText('Saved.', { exact: true }).waitFor();
    assert.equal((await settings()).micDeviceId, saved.micDeviceId);
    // Remembered: a reload shows the choice.
    await options.reload();
    await waitFor(async () => (await mic.inputValue()) === saved.micDeviceId, { what: 'the saved microphone selected after a reload' });
    await options.close();

    await page.bringToFront();
    await restart();
    const used = await waitFor(async () => {
      const d = await devices();
      return d?.mics?.length ? d : null;
    }, { what: 'a microphone track in the offscreen document' });
    console.log(`[devices] chosen: mic "${used.mics}", speaker ${used.sinkId === saved.outputDeviceId ? 'the chosen one' : used.sinkId}`);
    assert.deepEqual(used.mics, ['Fake Audio Input 2']);
    await waitFor(async () => (await devices()).sinkId === saved.outputDeviceId, { what: 'playback on the chosen speaker' });
    const shown = await readPanel(b.ctx);
    assert.ok(!shown.messages.some((m) => m.role === 'notice' && /not connected/.test(m.text)), 'no fallback notice');
  });

  it('the side panel’s preferences list the same devices; a microphone chosen there is saved and the next conversation uses it', async () => {
    /** The panel's microphone list (its preferences opened, as a user would), with what is selected and the hint under it. */
    const panelMic = () =>
      evalInExtensionTarget(
        b.ctx,
        'sidepanel.html',
        `(() => {
          document.querySelector('details.prefs')?.setAttribute('open', '');
          const select = document.getElementById('mic-device');
          if (!select) return null;
          return {
            options: [...select.options].map((o) => o.textContent),
            selected: select.selectedOptions[0]?.textContent ?? null,
            label: document.querySelector('label[for="mic-device"]')?.textContent ?? '',
            hint: select.closest('.devices')?.querySelector('.devices-hint')?.textContent ?? '',
          };
        })()`,
      );
    const shown = await waitFor(async () => {
      const m = await panelMic();
      return m?.options.includes('Fake Audio Input 1') ? m : null;
    }, { what: 'the fake microphones listed by name in the panel', timeout: 30_000 });
    console.log(`[devices] panel: ${JSON.stringify(shown)}`);
    assert.equal(shown.label, 'Microphone to use');
    assert.equal(shown.selected, 'Fake Audio Input 2', 'the choice made on the options page');
    assert.match(shown.hint, /next conversation/);
    // Chosen in the panel: the select's own change event, as a pick with the mouse sends it.
    await evalInExtensionTarget(
      b.ctx,
      'sidepanel.html',
      `(() => {
        const select = document.getElementById('mic-device');
        select.value = [...select.options].find((o) => o.textContent === 'Fake Audio Input 1').value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      })()`,
    );
    const saved = await waitFor(async () => {
      const s = await settings();
      return s?.micLabel === 'Fake Audio Input 1' ? s : null;
    }, { what: 'the panel’s choice saved' });
    assert.ok(saved.micDeviceId.length > 20, 'saved by device id');
    assert.equal(saved.outputLabel, 'Fake Audio Output 1', 'the speaker choice is kept');
    // As the hint says: the live conversation keeps its microphone…
    assert.deepEqual((await devices()).mics, ['Fake Audio Input 2']);
    // …and the next one opens the one chosen in the panel.
    await restart();
    const used = await waitFor(async () => {
      const d = await devices();
      return d?.mics?.length ? d : null;
    }, { what: 'a microphone track in the offscreen document' });
    console.log(`[devices] after the panel's choice: mic "${used.mics}"`);
    assert.deepEqual(used.mics, ['Fake Audio Input 1']);
    assert.equal((await panelMic())?.selected, 'Fake Audio Input 1', 'the panel shows the saved choice');
  });

  it('a chosen microphone and speaker that are not plugged in: the defaults, with a notice for each', async () => {
    await saveSettings({ micDeviceId: 'unplugged-studio-mic', micLabel: 'Studio mic', outputDeviceId: 'unplugged-headphones', outputLabel: 'Old headphones' });
    await restart();
    const d = await waitFor(async () => {
      const x = await devices();
      return x?.mics?.length ? x : null;
    }, { what: 'a microphone track' });
    assert.deepEqual(d.mics, ['Fake Default Audio Input']);
    const shown = await waitForPanel(
      b.ctx,
      (p) => p.messages.filter((m) => m.role === 'notice' && /not connected/.test(m.text)).length === 2,
      'a notice for the microphone and one for the speaker',
    );
    const notices = shown.messages.filter((m) => m.role === 'notice').map((m) => m.text);
    console.log(`[devices] absent ones: mic "${d.mics}", sink "${d.sinkId}"; notices: ${JSON.stringify(notices)}`);
    assert.ok(notices.some((n) => /^Studio mic is not connected: using the default microphone/.test(n)), JSON.stringify(notices));
    assert.ok(notices.some((n) => /^Old headphones is not connected/.test(n)), JSON.stringify(notices));
    assert.equal(d.sinkId, '');
    assert.equal(shown.status, 'live');
    // The choice is kept (plugged in again, it is used again), and the options page says it is absent.
    assert.equal((await settings()).micDeviceId, 'unplugged-studio-mic');
    const options = await b.ctx.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.getByLabel('Microphone to use').locator('option', { hasText: 'Studio mic (not connected)' }).waitFor({ state: 'attached' });
    await options.close();
    await page.bringToFront();
    await saveSettings({ micDeviceId: '', micLabel: '', outputDeviceId: '', outputLabel: '' });
  });

  it('the shortcuts are in the manifest with their keys; mute/unmute shows in the panel', async () => {
    const commands = await b.sw.evaluate(() => chrome.commands.getAll());
    const byName = Object.fromEntries(commands.map((c) => [c.name, c.shortcut]));
    console.log(`[shortcuts] ${JSON.stringify(byName)}`);
    assert.equal(byName['toggle-mute'], 'Alt+Shift+M');
    assert.equal(byName.interrupt, 'Alt+Shift+U');
    assert.equal(byName._execute_action, 'Alt+Shift+H');
    await ensureLive(b, page);
    if ((await readPanel(b.ctx)).activity === 'muted') await command('toggle-mute');
    await waitForPanel(b.ctx, (p) => p.activity !== 'muted', 'unmuted');
    await command('toggle-mute');
    await waitForPanel(b.ctx, (p) => p.activity === 'muted', 'muted by the shortcut');
    await command('toggle-mute');
    await waitForPanel(b.ctx, (p) => p.activity !== 'muted', 'unmuted by the shortcut');
    await command('toggle-mute'); // quiet for the interrupt test: no spoken turn barges in
    await waitForPanel(b.ctx, (p) => p.activity === 'muted', 'muted again');
  });

  it('the interrupt shortcut stops a reply: response.cancel + output_audio_buffer.clear', async () => {
    await ensureLive(b, page);
    if ((await readPanel(b.ctx)).activity !== 'muted') await command('toggle-mute');
    await waitForPanel(b.ctx, (p) => p.activity === 'muted', 'muted');
    const said = await waitFor(async () => {
      const quiet = !call().vad?.speaking && !call().audioOut.playing && call().responses.every((/** @type {any} */ r) => r.status !== 'in_progress');
      if (!quiet) return null;
      const r = await fetch(`${server.url}/_control/say`, { method: 'POST', body: JSON.stringify({ text: LONG_REPLY }) });
      return r.status === 409 ? null : r;
    }, { what: 'the server takes the reply', timeout: 20_000 });
    const { responseId } = await said.json();
    await waitFor(() => call().audioOut.playing, { what: 'assistant audio playing' });
    await command('interrupt');
    await waitFor(() => clientEvents().includes('output_audio_buffer.clear'), { what: 'output_audio_buffer.clear sent' });
    await waitFor(() => call().responses.find((/** @type {any} */ r) => r.id === responseId)?.status === 'cancelled', { what: 'the reply cancelled' });
    await waitFor(() => !call().audioOut.playing, { what: 'no more assistant audio' });
    await waitForPanel(b.ctx, (p) => p.messages.some((m) => m.role === 'assistant' && /word0/.test(m.text)), 'the cut reply in the transcript');
  });

  it('"Talk about this with Hark": a conversation about exactly the selected text, redacted and fenced', async () => {
    const created = await b.sw.evaluate(() => chrome.contextMenus.update('hark-talk-about', {}).then(() => true, () => false));
    assert.ok(created, 'the menu item exists');
    await ensureStopped(b, page);
    const calls = server.state.calls.length;
    const selection = 'Anemones, sea stars and small fish live in them. Write to tides@example.org for a guide.';
    await page.bringToFront();
    await b.sw.evaluate((s) => /** @type {any} */ (globalThis).harkDebug.menuClick(s), selection);
    await waitForPanel(b.ctx, (p) => p.status === 'live', 'live from the menu');
    assert.equal(server.state.calls.length, calls + 1, 'a new conversation');
    const instructions = sentInstructions(server).at(-1) ?? '';
    const fencedSelection = '"""\nAnemones, sea stars and small fish live in them. Write to [email] for a guide.\n"""';
    assert.ok(instructions.includes(`The user has selected this text on the page:\n${fencedSelection}`), instructions);
    assert.ok(!instructions.includes('tides@example.org'), 'the e-mail address never left the browser');
    console.log(`[menu] new conversation, session instructions carry the selection fenced and redacted (${instructions.length} chars)`);

    // With the conversation running, another selection turns it there: a session.update, same call.
    await b.sw.evaluate((s) => /** @type {any} */ (globalThis).harkDebug.menuClick(s), 'Tide pools fill with seawater at high tide.');
    await waitFor(() => (sentInstructions(server).at(-1) ?? '').includes('"""\nTide pools fill with seawater at high tide.\n"""'), { what: 'the new selection sent to the live session' });
    assert.equal(server.state.calls.length, calls + 1, 'the same conversation');
  });
});
