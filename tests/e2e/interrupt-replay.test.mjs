// @ts-check
// Issue 16, "after an interruption, replay into a resumed session only the part of a reply the
// user heard": in real headless Chromium against the local Realtime server, a long reply is cut
// with Interrupt, the connection is dropped (/_control/drop), and the new session's
// `conversation.item.create` for that assistant item must carry the heard words only. On WebRTC
// the real server truncates its own item at the interruption, so the old session's model knew
// only that much; replaying the whole generated text would make the new one "remember" the rest.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAction, waitFor } from './harness.mjs';
import { startHark, waitForPanel } from './support.mjs';
import { control, ensureSilentWav, openPanelTab, sleep } from './fault-support.mjs';

/** A reply long enough to interrupt: 80 words, streamed over 8 s, played over 20 s. */
const LONG_REPLY = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');

describe('interrupted reply: only the heard part is replayed after a drop', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let tab;
  const live = () => h.server.state.calls.filter((/** @type {any} */ c) => !c.closed).at(-1);

  before(async () => {
    // A silent microphone: no spoken turn barges in; the Interrupt button does.
    h = await startHark({ server: { timing: { deltaMs: 100, wordMs: 250 } }, via: 'storage', browser: { wav: ensureSilentWav() }, page: 'article.html' });
    tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live session');
  });

  after(() => h?.close());

  it('Interrupt, drop, reconnect: the assistant item replayed holds exactly the heard words', async () => {
    const call = live();
    const said = await control(h.server, 'say', { text: LONG_REPLY });
    await waitFor(() => call.audioOut.playing, { what: 'assistant audio playing' });
    await sleep(1500);
    const response = () => call.responses.find((/** @type {any} */ r) => r.id === said.responseId);
    assert.equal(response().status, 'in_progress', 'still generating when interrupted');
    await tab.getByRole('button', { name: 'Interrupt' }).click();
    await waitFor(() => response().status === 'cancelled', { what: 'the server cancelled the response' });
    // The panel shows the reply cut off: the heard words, then the rest marked as not heard.
    const cut = tab.locator('.msg-assistant', { hasText: 'word0' }).last();
    await cut.locator('.cut').waitFor();
    const heard = (await cut.locator('.text').evaluate((el) => el.firstChild?.textContent ?? '')).trim();
    const unheard = ((await cut.locator('.unheard').textContent()) ?? '').trim();
    assert.match(heard, /^word0 word1\b/, `the start of the reply was heard: ${heard}`);
    assert.ok(unheard.length > 0, 'part of the reply was not heard');

    await control(h.server, 'drop', { callId: call.id });
    const next = await waitFor(() => (live() && live() !== call ? live() : null), { what: 'a new call after the drop', timeout: 30_000 });
    const replayed = await waitFor(() => {
      const items = next.clientEvents.filter((/** @type {any} */ e) => e.type === 'conversation.item.create' && e.item?.role === 'assistant');
      return items.length ? items : null;
    }, { what: 'the assistant item replayed into the new session', timeout: 30_000 });
    assert.equal(replayed.length, 1, 'one assistant item replayed');
    const text = replayed[0].item.content?.[0]?.text;
    console.log(`[replay] heard ${heard.split(/\s+/).length} of 80 words; replayed "${text}"`);
    assert.equal(text, heard, 'the replayed reply is what was heard');
    const firstUnheard = unheard.match(/word\d+/)?.[0];
    assert.ok(firstUnheard && !text.split(' ').includes(firstUnheard), `nothing the user did not hear (${unheard.slice(0, 40)})`);
    assert.doesNotMatch(text, /word79/);
  });
});
