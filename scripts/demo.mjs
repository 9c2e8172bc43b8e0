#!/usr/bin/env node
// `npm run demo`: build the extension, start the local Realtime server, and say how to use them.
// `npm run demo -- --launch` also opens Chromium with Hark loaded and pointed at the server
// (needs a display; Debian's chromium at /usr/bin/chromium, or CHROMIUM_PATH).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRealtimeServer } from '../server/realtime-server.mjs';
import { localServerRecipe, startOrExplain } from '../server/startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const launch = args.includes('--launch');
const port = Number(process.env.PORT ?? 8787);
const extensionPath = path.join(root, '.output', 'chrome-mv3');

// The server first: a busy port is reported at once, not after a minute of building.
// Never the test control API here (`control` stays off): it would let any local process read and
// steer the demo's calls.
const server = await startOrExplain(() => createRealtimeServer({ port, host: '127.0.0.1', control: false }), port, 'npm run demo');

if (!args.includes('--no-build')) {
  console.log('Building the extension…');
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    await server.close();
    process.exit(build.status ?? 1);
  }
}
console.log(`
Hark demo
  Local Realtime server: ${server.url}  (accepts any key, or none)
  Extension build:       ${extensionPath}

Load it:
  1. Open chrome://extensions, turn on Developer mode, click "Load unpacked", pick the folder above.
     Pin Hark: click the puzzle-piece icon (Extensions) at the top right, then the pin next to Hark.
  2. ${localServerRecipe(server.url).join('\n     ')}
  3. Open any web page and click the Hark toolbar icon (or press Alt+Shift+H). Allow the microphone
     the first time. Speak, or type in the side panel. Click again to stop.
The local server has no speech recognition: it replies with what it received and the page it was
told about, and speaks the reply as tones. Press Ctrl+C to stop.
`);

let context;
if (launch) {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-demo-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: false,
    viewport: null,
    args: [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`, '--no-first-run'],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await sw.evaluate((url) => chrome.storage.local.set({ settings: { mode: 'local', localServerUrl: url, model: 'gpt-realtime', voice: 'marin' } }), server.url);
  await (context.pages()[0] ?? (await context.newPage())).goto('https://example.com').catch(() => {});
  console.log('Chromium is running with Hark in Local server mode.');
}

const shutdown = async () => {
  await context?.close().catch(() => {});
  await server.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
