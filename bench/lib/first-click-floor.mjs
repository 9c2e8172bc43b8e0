// @ts-check
/**
 * The floor of a first click in Hark's architecture, measured in the same browser as Hark: when a
 * click starts a conversation with nothing open, Chromium must create an offscreen document
 * (the only place the peer connection may live) and open a side panel, both on the extension's one
 * renderer, before and while any WebRTC work runs. The floor does just that with the least
 * possible work in them: a blank side panel, and the limit's bare handshake (`referenceFlow`) as
 * the new document's only script. Hark's first click over this floor is what Hark's own code adds.
 *
 * The floor needs three pages Hark's build does not have; they go into a private copy of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { referenceFlow } from './baseline-flow.mjs';

export const FLOOR_TAB = 'bench-blank.html?tab';
const CHANNEL = 'hark-bench-floor';

/** A copy of the built extension with the floor's pages added. @param {string} extensionPath */
export function extensionWithFloorPages(extensionPath) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-bench-ext-'));
  fs.cpSync(extensionPath, dir, { recursive: true });
  const html = (/** @type {string} */ script) => `<!doctype html><meta charset="utf-8"><title>bench</title>${script}\n`;
  // Blank: the side panel the floor opens, and the tab the floor is started from.
  fs.writeFileSync(path.join(dir, 'bench-blank.html'), html(''));
  // The floor's offscreen document: one classic script, as Hark's own document loads.
  fs.writeFileSync(path.join(dir, 'bench-floor.html'), html('<script src="bench-floor.js"></script>'));
  fs.writeFileSync(
    path.join(dir, 'bench-floor.js'),
    `${referenceFlow.toString()}
const channel = new BroadcastChannel(${JSON.stringify(CHANNEL)});
const scriptStart = performance.timeOrigin + performance.now();
referenceFlow(JSON.parse(new URLSearchParams(location.search).get('a'))).then(
  (r) => channel.postMessage({ ...r, scriptStart }),
  (e) => channel.postMessage({ error: String(e && e.message || e) }),
);
`,
  );
  return { path: dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Sets the floor tab's side panel to the blank page (its own, so Hark's panel elsewhere is
 * untouched). Runs in that tab. @param {{ evaluate: (e: string) => Promise<any> }} tab
 */
export async function prepareFloorTab(tab) {
  return tab.evaluate(`(async () => {
    const { id } = await chrome.tabs.getCurrent();
    await chrome.sidePanel.setOptions({ tabId: id, path: 'bench-blank.html', enabled: true });
    return id;
  })()`);
}

/**
 * One floor run, started in the floor tab with a user gesture (CDP `userGesture`, as a click):
 * the offscreen document is asked for first and the side panel opened next, in Hark's order; the
 * document runs the bare handshake as soon as its script starts. Epoch-ms marks, one clock.
 * @param {{ evaluate: (e: string) => Promise<any> }} tab  the floor tab (evaluated with a user gesture)
 * @param {number} tabId
 * @param {Parameters<typeof referenceFlow>[0]} args
 */
export async function floorRun(tab, tabId, args) {
  return tab.evaluate(`(async () => {
    const channel = new BroadcastChannel(${JSON.stringify(CHANNEL)});
    const done = new Promise((resolve, reject) => {
      channel.onmessage = (e) => resolve(e.data);
      setTimeout(() => reject(new Error('floor: no result from its offscreen document in 20 s')), 20000);
    });
    const t0 = performance.timeOrigin + performance.now();
    const created = chrome.offscreen.createDocument({
      url: 'bench-floor.html?a=' + encodeURIComponent(${JSON.stringify(JSON.stringify(args))}),
      reasons: ['USER_MEDIA'],
      justification: 'benchmark floor',
    });
    const opened = chrome.sidePanel.open({ tabId: ${tabId} });
    const r = await done;
    channel.close();
    await Promise.all([created, opened]);
    await chrome.offscreen.closeDocument();
    await chrome.sidePanel.close({ tabId: ${tabId} });
    return { t0, ...r };
  })()`);
}
