// @ts-check
// The Edge build (`wxt build -b edge`, in .output/edge-mv3) on the engine Edge runs on: headless
// Chromium loads it, and the core path works as in Chrome — toolbar click → live → a spoken turn
// gets a reply → a typed message gets a reply → a second click stops and releases the microphone.
// `npm test` builds it first (`npm run build:edge`). The rest of the suite runs on the Edge build
// too with HARK_EXTENSION_PATH=.output/edge-mv3.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Waits are generous (the suite runs on loaded CI machines); nothing here measures speed.
import { ensureRepeatingSpeechWav, triggerAction, waitFor } from './harness.mjs';
import { mediaReleased } from './fault-support.mjs';
import { openPanelTab, startHark, waitForPanel } from './support.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EDGE_BUILD = path.join(ROOT, '.output/edge-mv3');
const TITLE = 'Hark Test Article: Tide Pools';

describe('Edge build: the core path in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;

  before(async () => {
    assert.ok(fs.existsSync(path.join(EDGE_BUILD, 'manifest.json')), 'no Edge build: run `npm run build:edge` first');
    h = await startHark({ extensionPath: EDGE_BUILD, browser: { wav: ensureRepeatingSpeechWav(), noloop: false }, page: 'article.html' });
    // Opening an extension page can take longer than Playwright's 30 s on a loaded CI machine.
    h.b.ctx.setDefaultTimeout(120_000);
  });
  after(() => h?.close());

  it('loads the Edge build: its manifest, with the side panel and the shortcut', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(h.ext.path, 'manifest.json'), 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.manifest_version, 3);
    assert.equal(manifest.version, pkg.version);
    assert.equal(manifest.side_panel?.default_path, 'sidepanel.html');
    assert.equal(manifest.commands?._execute_action?.suggested_key?.default, 'Alt+Shift+H');
    // The mute and interrupt shortcuts, and the selection menu's permission (Chrome's names).
    assert.equal(manifest.commands?.['toggle-mute']?.suggested_key?.default, 'Alt+Shift+M');
    assert.equal(manifest.commands?.interrupt?.suggested_key?.default, 'Alt+Shift+U');
    assert.ok(manifest.permissions.includes('contextMenus'));
  });

  it('toolbar click → live → a spoken turn is answered', async () => {
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    const live = await waitForPanel(h.b.ctx, (p) => p.status === 'live', 'side panel shows a live session', 90_000);
    assert.equal(live.page, TITLE);
    const panel = await waitForPanel(
      h.b.ctx,
      (p) => p.messages.some((m) => m.role === 'assistant' && m.final && m.text.includes(TITLE)),
      'assistant reply to the spoken question',
      60_000,
    );
    const firstReply = panel.messages.findIndex((m) => m.role === 'assistant');
    assert.ok(firstReply >= 1 && panel.messages[0].role === 'user', JSON.stringify(panel.messages));
    assert.ok((h.server.state.calls.at(-1)?.rtp.packets ?? 0) > 50, 'microphone audio reached the server');
  });

  it('a typed message is answered', async () => {
    const tab = await openPanelTab(h.b.ctx, h.b.extensionId);
    try {
      await tab.getByLabel('Message', { exact: true }).fill('What are tide pools?');
      await tab.getByRole('button', { name: 'Send' }).click();
      // Its reply is the first finished reply after it. The fake mic's sentence repeats, and the
      // local server answers the newest turn, so a spoken turn landing in between may take the
      // answer (as in walking-skeleton.test.mjs).
      const asked = 'What are tide pools?';
      await waitForPanel(
        h.b.ctx,
        (p) => {
          const q = p.messages.findIndex((m) => m.role === 'user' && m.text === asked);
          const a = p.messages.findIndex((m, i) => i > q && m.role === 'assistant' && m.final && m.text.startsWith('You said'));
          if (q < 0 || a < 0) return false;
          return p.messages[a].text.includes(`You said: "${asked}"`) || p.messages.slice(q + 1, a).some((m) => m.role === 'user');
        },
        'reply to the typed message',
        60_000,
      );
    } finally {
      await tab.close();
    }
  });

  it('a second click stops: idle, server hung up, microphone released', async () => {
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    await waitForPanel(h.b.ctx, (p) => p.status === 'idle', 'side panel shows idle', 60_000);
    await waitFor(() => h.server.state.calls.at(-1)?.closed, { what: 'server sees the peer connection closed' });
    await waitFor(() => mediaReleased(h.b.ctx), { what: 'no live microphone track, no open peer connection' });
  });
});
