// @ts-check
// Issue 16, the seed guide's flow: the greeting (the assistant speaks first, once per
// conversation, through `response.create` with `response.instructions`), the noise-reduction
// setting and the text-only quiet mode, in headless Chromium against the local Realtime server.
// Every wait is for a condition; nothing asserts on time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAction, waitFor } from './harness.mjs';
import { readPanel, startHark, waitForPanel } from './support.mjs';
import { control, ensureSilentWav, openPanelTab, patchSettings, sendTyped, waitForAssistant } from './fault-support.mjs';
import { ensureLive, ensureStopped } from './session-steps.mjs';

const TITLE = 'Hark Test Article: Tide Pools';
/** The local server's words for a reply with no user message before it (server/reply-text.mjs). */
const GREETING = `Hello! You are on the page "${TITLE}".`;
const GREETING_REQUEST = /^Start the conversation now: greet the user in one short sentence/m;

describe('greeting, noise reduction and quiet mode', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let tab;
  const calls = () => /** @type {any[]} */ (h.server.state.calls);
  /** Every response.create the server received, in all calls. */
  const creates = () => calls().flatMap((c) => c.clientEvents.filter((/** @type {any} */ e) => e.type === 'response.create'));
  const greetings = () => creates().filter((e) => typeof e.response?.instructions === 'string');
  /** The session settings of the latest session.update Hark sent in `call`. */
  const sentSession = (/** @type {any} */ call) => call.clientEvents.findLast((/** @type {any} */ e) => e.type === 'session.update' && e.session.audio)?.session;

  before(async () => {
    // The greeting on, as a user has it by default; a quiet microphone (no spoken turn by accident).
    h = await startHark({ greeting: true, server: { timing: { deltaMs: 5, wordMs: 40 } }, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    tab = await openPanelTab(h.b.ctx, h.b.extensionId);
  });

  after(() => h?.close());

  it('on start: exactly one response.create with instructions (the page, then the request to greet), and the greeting is shown and played', async () => {
    await h.page.bringToFront();
    // The first start of the browser (cold): a generous wait on a loaded machine.
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live session', 60_000);
    const panel = await waitForPanel(h.b.ctx, (p) => p.messages.some((m) => m.role === 'assistant' && m.final), 'the greeting in the transcript', 30_000);
    assert.deepEqual(panel.messages.map((m) => [m.role, m.text]), [['assistant', GREETING]]);
    assert.equal(greetings().length, 1);
    assert.equal(creates().length, 1, 'no other reply was asked for');
    const [greet] = greetings();
    assert.match(greet.response.instructions, /^Page title: "Hark Test Article: Tide Pools"$/m, 'the page, as in the session instructions');
    assert.match(greet.response.instructions, GREETING_REQUEST);
    assert.match(greet.event_id, /^hark_response_/);
    // Spoken: the server streamed its audio, and no assistant item was made up by the client.
    const call = calls()[0];
    await waitFor(() => call.serverEvents.some((/** @type {any} */ e) => e.type === 'output_audio_buffer.started'), { what: 'the greeting audio' });
    assert.ok(!call.clientEvents.some((/** @type {any} */ e) => e.type === 'conversation.item.create'));
    // The default settings reached the session: near-field noise reduction, audio replies.
    assert.deepEqual(sentSession(call).audio.input.noise_reduction, { type: 'near_field' });
    assert.deepEqual(sentSession(call).output_modalities, ['audio']);
  });

  it('after a dropped connection and after a session renewal: reconnected, no second greeting', async () => {
    await ensureLive(h.b, h.page);
    for (const [route, body] of /** @type {const} */ ([['drop', { mode: 'close' }], ['expire', {}]])) {
      const old = calls().find((c) => !c.closed);
      const n = calls().length;
      await control(h.server, route, { callId: old.id, ...body });
      await waitFor(() => calls().length > n && calls().at(-1).sessionHistory.length > 1, { timeout: 30_000, what: `a new session after ${route}` });
      await waitForPanel(h.b.ctx, (p) => p.status === 'live', `live again after ${route}`, 30_000);
      // A condition to wait for: a typed question on the new session is answered.
      await sendTyped(tab, `Answered after the ${route}`);
      await waitForAssistant(tab, `Answered after the ${route}`, 30_000);
      assert.ok(!calls().at(-1).clientEvents.some((/** @type {any} */ e) => e.type === 'response.create' && e.response), `no greeting after ${route}`);
    }
    assert.equal(greetings().length, 1, 'one greeting in the whole conversation');
  });

  it('options page: greeting off, far-field noise reduction, quiet mode → no greeting, text replies, the mic still on', async () => {
    await ensureStopped(h.b, h.page);
    const options = await h.b.ctx.newPage();
    await options.goto(`chrome-extension://${h.b.extensionId}/options.html`);
    await options.getByLabel('The assistant speaks first').uncheck();
    await options.getByLabel('Noise reduction of your microphone').selectOption('far_field');
    await options.getByLabel('Quiet mode: the assistant answers in text only').check();
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    await options.close();

    const before = greetings().length;
    const n = calls().length;
    await h.page.bringToFront();
    await ensureLive(h.b, h.page);
    const call = await waitFor(() => calls()[n] ?? null, { what: 'the new call' });
    await waitFor(() => sentSession(call), { what: 'session.update' });
    assert.deepEqual(sentSession(call).audio.input.noise_reduction, { type: 'far_field' });
    assert.deepEqual(sentSession(call).output_modalities, ['text']);

    await sendTyped(tab, 'A quiet question');
    await waitForAssistant(tab, 'A quiet question', 30_000);
    assert.equal(greetings().length, before, 'greeting off: none');
    assert.ok(call.serverEvents.some((/** @type {any} */ e) => e.type === 'response.output_text.delta'), 'the reply came as text');
    assert.ok(!call.serverEvents.some((/** @type {any} */ e) => e.type === 'output_audio_buffer.started'), 'no audio played');
    assert.ok(call.rtp.packets > 0, 'the microphone still reaches the server');
    const panel = await readPanel(h.b.ctx);
    assert.ok(panel.messages.some((m) => m.role === 'assistant' && m.text.includes('A quiet question')));
  });

  it('noise reduction off is sent as null; the panel toggle turns quiet mode off again', async () => {
    await ensureStopped(h.b, h.page);
    await patchSettings(tab, { noiseReduction: 'off' });
    await tab.locator('details.prefs').evaluate((d) => void ((/** @type {HTMLDetailsElement} */ (d)).open = true));
    await tab.getByLabel('Answer in text only (quiet mode)').uncheck();
    const n = calls().length;
    await h.page.bringToFront();
    await ensureLive(h.b, h.page);
    const call = await waitFor(() => calls()[n] ?? null, { what: 'the new call' });
    await waitFor(() => sentSession(call), { what: 'session.update' });
    assert.ok('noise_reduction' in sentSession(call).audio.input);
    assert.equal(sentSession(call).audio.input.noise_reduction, null);
    assert.deepEqual(sentSession(call).output_modalities, ['audio']);
    await ensureStopped(h.b, h.page);
  });
});
