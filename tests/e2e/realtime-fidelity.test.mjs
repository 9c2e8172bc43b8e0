// @ts-check
// Issue 16's session behaviours in real headless Chromium against the local Realtime server
// (scripted through /_control/*): a rate limit nearly used up is announced before it bites, a
// failed transcription says why, and push-to-talk keeps the mic open for a tail after release and
// never answers an empty press. Every wait is for a condition; nothing asserts on time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureSpeechWav, triggerAction, waitFor } from './harness.mjs';
import { readPanel, startHark, waitForPanel } from './support.mjs';
import { control, openPanelTab, patchSettings, sendTyped, sleep, waitForAssistant } from './fault-support.mjs';

const notices = (p) => p.messages.filter((m) => m.role === 'notice').map((m) => m.text);
const NOTHING_HEARD = /^Didn't catch that/;

describe('realtime fidelity: rate limits, transcription failures, push-to-talk', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {import('playwright-core').Page} */ let tab;
  const call = () => h.server.state.calls.at(-1);
  const sentTypes = () => call().clientEvents.map((/** @type {{type: string}} */ e) => e.type);
  const count = (type) => sentTypes().filter((t) => t === type).length;

  before(async () => {
    // A looping spoken sentence: there is always speech to hold the button for.
    h = await startHark({ server: { timing: { deltaMs: 30, wordMs: 60 } }, via: 'storage', browser: { wav: ensureSpeechWav(), noloop: false }, page: 'article.html' });
    tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    await patchSettings(tab, { turnDetection: 'manual' });
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'live session');
    await waitFor(() => call()?.session.audio.input.turn_detection === null, { what: 'a push-to-talk session' });
  });

  after(() => h?.close());

  /** Holds "Hold to talk" (Space) for `ms`; returns how the end of the press reached the server. */
  async function press(ms) {
    const button = tab.getByRole('button', { name: 'Hold to talk' });
    await button.focus();
    await tab.keyboard.down('Space');
    await tab.getByRole('button', { name: 'Release to send' }).waitFor();
    await sleep(ms);
    const commits = count('input_audio_buffer.commit');
    const releasedAt = performance.now();
    await tab.keyboard.up('Space');
    // Arrival times at the server (same process): the last microphone packet vs the commit.
    let packets = call().rtp.packets;
    let lastPacketAt = performance.now();
    let commitAt = null;
    const end = performance.now() + 3000;
    while (performance.now() < end && (commitAt == null || performance.now() - commitAt < 1000)) {
      const now = performance.now();
      if (call().rtp.packets !== packets) {
        packets = call().rtp.packets;
        lastPacketAt = now;
      }
      if (commitAt == null && count('input_audio_buffer.commit') > commits) commitAt = now;
      await new Promise((r) => setImmediate(r));
    }
    return commitAt == null ? null : { lastPacketMs: lastPacketAt - releasedAt, commitMs: commitAt - releasedAt };
  }

  it('a rate limit nearly used up: a warning line before it bites, and the session goes on', async () => {
    const before = notices(await readPanel(h.b.ctx)).length;
    await control(h.server, 'rate-limits', { rate_limits: [{ name: 'requests', limit: 100, remaining: 2, reset_seconds: 40 }] });
    const panel = await waitForPanel(h.b.ctx, (p) => notices(p).length > before, 'the rate-limit warning');
    assert.match(notices(panel).at(-1) ?? '', /^Nearly at your OpenAI rate limit: 2 of 100 requests left until it resets in 40 s\./);
    await control(h.server, 'rate-limits', { rate_limits: null, send: false });
    await sendTyped(tab, 'Still answered after the warning');
    await waitForAssistant(tab, 'Still answered after the warning', 30_000);
  });

  it('push-to-talk: the mic flows for a tail after release, then one commit and one reply', async () => {
    const replies = count('response.create');
    const timing = await press(2000);
    assert.ok(timing, 'the press was committed');
    await waitFor(() => count('response.create') === replies + 1, { what: 'one response.create for the turn', timeout: 30_000 });
    const types = sentTypes();
    assert.ok(types.lastIndexOf('input_audio_buffer.commit') < types.lastIndexOf('response.create'), 'commit before response.create');
    await waitForPanel(h.b.ctx, (p) => p.messages.at(-1)?.role === 'assistant' && p.messages.at(-1)?.final === true, 'the reply', 30_000);
    // The measurement behind PTT_TAIL_MS, at the server: after the release, when the last
    // microphone packet and the commit arrived.
    console.log(`[ptt tail] after release: last mic packet +${timing.lastPacketMs.toFixed(0)} ms, commit +${timing.commitMs.toFixed(0)} ms (tail 300 ms)`);
  });

  it('a failed transcription shows why on the user turn, and the turn is still answered', async () => {
    await control(h.server, 'transcription-failure', { code: 'audio_unintelligible' });
    const replies = count('response.create');
    const timing = await press(1500);
    if (timing) console.log(`[ptt tail] after release: last mic packet +${timing.lastPacketMs.toFixed(0)} ms, commit +${timing.commitMs.toFixed(0)} ms (tail 300 ms)`);
    await waitForPanel(h.b.ctx, (p) => p.messages.some((m) => m.role === 'user' && m.text === '(not transcribed: the words could not be made out)'), 'the reason on the user turn', 30_000);
    await waitFor(() => count('response.create') === replies + 1, { what: 'the failed turn is answered', timeout: 30_000 });
  });

  it('two silent presses (mic muted: an empty buffer) send no response.create and say "Didn\'t catch that" twice', async () => {
    await waitFor(() => call().responses.every((r) => r.status !== 'in_progress'), { what: 'no reply in progress', timeout: 30_000 });
    await tab.getByRole('button', { name: 'Mute' }).click();
    await waitForPanel(h.b.ctx, (p) => p.activity === 'muted', 'muted');
    const replies = count('response.create');
    const before = notices(await readPanel(h.b.ctx)).filter((t) => NOTHING_HEARD.test(t)).length;
    for (let i = 1; i <= 2; i++) {
      await press(600);
      await waitForPanel(h.b.ctx, (p) => notices(p).filter((t) => NOTHING_HEARD.test(t)).length === before + i, `"Didn't catch that" #${i}`, 30_000);
    }
    assert.equal(count('response.create'), replies, 'no reply to an empty press');
    assert.ok(call().serverEvents.filter((e) => e.type === 'error' && e.error.code === 'input_audio_buffer_commit_empty').length >= 2);
    await tab.getByRole('button', { name: 'Unmute' }).click();
    await sendTyped(tab, 'Typed after the silent presses');
    await waitForAssistant(tab, 'Typed after the silent presses', 30_000);
    assert.equal(count('response.create'), replies + 1, 'only the typed question was answered');
  });
});
