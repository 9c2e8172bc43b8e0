// @ts-check
// History is written as the conversation goes: a browser that dies mid-conversation (SIGKILL, no
// shutdown of any kind) loses at most the message in flight. The profile is reopened and the
// conversation is read back from history, in storage and in the side panel.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureRepeatingSpeechWav, launchBrowser, waitFor } from './harness.mjs';
import { startHark, waitForPanel } from './support.mjs';
import { ensureLive } from './session-steps.mjs';

/** The browser process of a profile (not its renderers, GPU or utility children). */
function browserPid(/** @type {string} */ profile) {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const main = lines.find((l) => l.includes(`--user-data-dir=${profile}`) && !l.includes('--type='));
  if (!main) throw new Error(`no browser process for ${profile}`);
  return Number(main.trim().split(/\s+/)[0]);
}

/** What history holds, read straight from the extension's storage. */
const savedHistory = (/** @type {import('playwright-core').Worker} */ sw) =>
  sw.evaluate(async () => {
    // @ts-ignore chrome in the worker
    const { history = [] } = await chrome.storage.local.get('history');
    // @ts-ignore
    const items = await chrome.storage.local.get(history.map((e) => `conversation:${e.id}`));
    return history.map((/** @type {{ id: string }} */ e) => items[`conversation:${e.id}`]?.messages ?? []);
  });

describe('history survives a browser crash', () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-crash-'));
  /** @type {Awaited<ReturnType<typeof startHark>> | undefined} */ let h;
  /** @type {Awaited<ReturnType<typeof launchBrowser>> | undefined} */ let reopened;
  after(async () => {
    await reopened?.close().catch(() => {});
    await h?.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  });

  it('keeps every finished message of a conversation the browser died in', async () => {
    h = await startHark({ via: 'storage', page: 'article.html', browser: { wav: ensureRepeatingSpeechWav(), noloop: false, userDataDir: profile } });
    await ensureLive(h.b, h.page);
    const shown = await waitForPanel(
      h.b.ctx,
      (p) => p.messages.some((m) => m.role === 'user' && m.final && m.text) && p.messages.some((m) => m.role === 'assistant' && m.final && m.text),
      'a spoken turn and its reply',
      45_000,
    );
    assert.equal(shown.status, 'live');
    // Saved while the conversation is still running: no stop, no end of session.
    const saved = await waitFor(async () => {
      const [first] = await savedHistory(h.b.sw);
      return first?.some((/** @type {any} */ m) => m.role === 'assistant' && m.text) ? first : null;
    }, { timeout: 10_000, what: 'the running conversation in history' });

    process.kill(browserPid(profile), 'SIGKILL');
    await waitFor(async () => { try { browserPid(profile); return false; } catch { return true; } }, { timeout: 10_000, what: 'browser gone' });
    await h.b.close().catch(() => {});

    reopened = await launchBrowser({ extensionPath: h.ext.path, userDataDir: profile });
    const [kept] = await savedHistory(reopened.sw);
    assert.ok(kept, 'the conversation is in history after the crash');
    const said = saved.filter((/** @type {any} */ m) => m.role !== 'notice').map((/** @type {any} */ m) => m.text);
    assert.deepEqual(kept.filter((/** @type {any} */ m) => m.role !== 'notice').map((/** @type {any} */ m) => m.text).slice(0, said.length), said);
    const roles = kept.map((/** @type {any} */ m) => m.role);
    assert.ok(roles.includes('user') && roles.includes('assistant'), `the spoken question and its reply were kept: ${JSON.stringify(said)}`);

    // And the user finds it in the side panel's history.
    const panel = await reopened.ctx.newPage();
    await panel.goto(`chrome-extension://${reopened.extensionId}/sidepanel.html`);
    await panel.getByRole('button', { name: /^History/ }).click();
    await panel.getByRole('button', { name: /^Open: / }).first().click();
    await panel.getByText(said.find((t) => t) ?? '', { exact: false }).first().waitFor({ timeout: 10_000 });
  });
});
