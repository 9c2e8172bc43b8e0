// @ts-check
/**
 * E2E harness for Hark's Firefox build (.output/firefox-mv3) in headless Debian firefox-esr,
 * driven over WebDriver BiDi by puppeteer-core (recipe and measurements: the team's
 * e2e-in-firefox.md). What differs from Chromium, and why each helper exists:
 * - `--remote-allow-system-access`: BiDi may then navigate to moz-extension:// pages and reach the
 *   browser window's chrome scope, the only way to click the toolbar button or press a shortcut
 *   (BiDi input actions are refused there, and page-level key chords never fire `commands`).
 * - `page.goto(moz-extension://…)` never resolves (no load events for extension documents): raw
 *   `browsingContext.navigate` instead.
 * - The real sidebar is no BiDi context: a driver tab on an extension page reaches it through
 *   `browser.extension.getViews({ type: 'sidebar' })` (same extension process).
 * - Extension console output reaches nothing but Firefox's stdout (`devtools.console.stdout.content`),
 *   kept in `b.log()` for failure messages.
 */
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIREFOX_BUILD = path.resolve(HERE, '../../.output/firefox-mv3');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Pinned so extension URLs are known before the install (any UUID works). */
export const UUID = '8a5b1c2d-0000-4000-8000-00000000ab01';
export const BASE = `moz-extension://${UUID}`;

/** The gecko id of the build, and the toolbar widget Firefox makes for it. */
export function geckoId(dir = FIREFOX_BUILD) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
}
const widgetId = (/** @type {string} */ id) => `${id.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-browser-action`;

/**
 * Launches firefox-esr with a fake microphone and installs a private copy of the build.
 * `prompts`: leave microphone prompts on (the real user's flow; the test answers the doorhanger).
 * @param {{ prompts?: boolean, prefs?: Record<string, unknown> }} [o]
 */
export async function launchFirefox({ prompts = true, prefs = {} } = {}) {
  if (!fs.existsSync(path.join(FIREFOX_BUILD, 'manifest.json'))) throw new Error(`no Firefox build at ${FIREFOX_BUILD}: run \`npm run build:firefox\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-ff-'));
  fs.cpSync(FIREFOX_BUILD, dir, { recursive: true });
  const id = geckoId(dir);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    dumpio: false,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': !prompts,
      'extensions.webextensions.uuids': JSON.stringify({ [id]: UUID }),
      'devtools.console.stdout.content': true,
      ...prefs,
    },
  });
  /** @type {string[]} */ const lines = [];
  browser.process()?.stdout?.on('data', (d) => lines.push(...String(d).split('\n').filter(Boolean)));
  try {
    await browser.installExtension(dir);
  } catch (e) {
    await browser.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const bidi = /** @type {any} */ (browser).connection;
  return {
    browser,
    id,
    /** Firefox's stdout so far: extension console lines (for failure messages). */
    log: () => lines.slice(-40).join('\n'),
    /** Runs `expression` in the browser window (privileged chrome scope); its BiDi remote value. */
    async chromeEval(/** @type {string} */ expression) {
      const { result } = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const ctx = result.contexts.find((/** @type {any} */ c) => c.url === 'chrome://browser/content/browser.xhtml').context;
      const r = await bidi.send('script.evaluate', { target: { context: ctx }, expression, awaitPromise: true });
      if (r.result.type === 'exception') throw new Error(`chromeEval: ${JSON.stringify(r.result.exceptionDetails?.text ?? r.result)}`);
      return r.result.result;
    },
    /** A tab on one of Hark's pages (the driver: it reaches the sidebar and the background). */
    async openExtensionTab(/** @type {string} */ page) {
      const tab = await browser.newPage();
      const url = `${BASE}/${page}`;
      await bidi.send('browsingContext.navigate', { context: /** @type {any} */ (tab.mainFrame())._id, url, wait: 'complete' });
      await tab.waitForFunction((u) => location.href === u && document.readyState === 'complete', {}, url);
      return tab;
    },
    /** A real click on Hark's toolbar button (fires action.onClicked as user input). */
    clickToolbar() {
      return this.chromeEval(`document.getElementById('${widgetId(id)}').querySelector('.unified-extensions-item-action-button').click()`);
    },
    /** A real key press of Alt+Shift+<key> in the browser window (fires `commands`). */
    pressAltShift(/** @type {string} */ key) {
      const upper = key.toUpperCase();
      return this.chromeEval(`(() => {
        const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
        tip.beginInputTransactionForTests(window);
        for (const m of ['Alt', 'Shift']) tip.keydown(new KeyboardEvent('', { key: m, code: m + 'Left' }));
        const k = new KeyboardEvent('', { key: '${upper}', code: 'Key${upper}', keyCode: ${upper.charCodeAt(0)} });
        tip.keydown(k); tip.keyup(k);
        for (const m of ['Shift', 'Alt']) tip.keyup(new KeyboardEvent('', { key: m, code: m + 'Left' }));
      })()`);
    },
    /** Closes the sidebar as the user does (its close button). */
    closeSidebar() {
      return this.chromeEval('(window.SidebarController ?? window.SidebarUI).hide()');
    },
    /**
     * Answers an open microphone doorhanger: Allow, with "Remember this decision" ticked.
     * Resolves whether there was one.
     */
    async allowMicrophone() {
      const r = await this.chromeEval(`(() => {
        const el = [...PopupNotifications.panel.children].find((e) => e.localName === 'popupnotification');
        if (!el) return '';
        if (el.checkbox) el.checkbox.checked = true;
        el.button.click();
        return el.getAttribute('label') || el.id || 'allowed';
      })()`);
      return r.value || '';
    },
    async close() {
      await browser.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
