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
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { waitFor } from './harness.mjs';
import { serveFixtures } from './support.mjs';

/**
 * Polls `fn` in `page` until it is truthy. Puppeteer's waitForFunction and waitForSelector build
 * their predicate with `new Function` inside the page, which some Firefox releases (140.12 ESR)
 * refuse on extension pages under their CSP; `evaluate` sends a function declaration over BiDi,
 * which every release allows.
 * @template A
 * @param {import('puppeteer-core').Page} page @param {(arg: A) => unknown} fn @param {A} arg
 * @param {{ timeout?: number, what?: string }} [o]
 */
export function pollIn(page, fn, arg, { timeout = 10_000, what } = {}) {
  return waitFor(() => page.evaluate(/** @type {any} */ (fn), arg), { timeout, what });
}

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
      const ctx = result.contexts.find((/** @type {any} */ c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
      // ESR 140 has no chrome scope over BiDi; ESR 153 (Debian's bookworm-security) has.
      if (!ctx) throw new Error(`chromeEval: this Firefox (${await browser.version()}) offers no chrome scope over WebDriver BiDi; ESR 153 or later does`);
      const r = await bidi.send('script.evaluate', { target: { context: ctx }, expression, awaitPromise: true });
      if (r.result.type === 'exception') throw new Error(`chromeEval: ${JSON.stringify(r.result.exceptionDetails?.text ?? r.result)}`);
      return r.result.result;
    },
    /** A tab on one of Hark's pages (the driver: it reaches the sidebar and the background). */
    async openExtensionTab(/** @type {string} */ page) {
      const tab = await browser.newPage();
      const url = `${BASE}/${page}`;
      await bidi.send('browsingContext.navigate', { context: /** @type {any} */ (tab.mainFrame())._id, url, wait: 'complete' });
      await pollIn(tab, (u) => location.href === u && document.readyState === 'complete', url, { what: `${page} loaded` });
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
    /**
     * Answers an open microphone doorhanger as a user who refuses: Block, "Remember" unticked
     * (Firefox then asks again at the next start). Resolves whether there was one.
     */
    async refuseMicrophone() {
      const r = await this.chromeEval(`(() => {
        const el = [...PopupNotifications.panel.children].find((e) => e.localName === 'popupnotification');
        if (!el) return '';
        if (el.checkbox) el.checkbox.checked = false;
        el.secondaryButton.click();
        return el.getAttribute('label') || el.id || 'refused';
      })()`);
      return r.value || '';
    },
    async close() {
      await browser.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What the real sidebar shows (status, error, page, messages, the Start/Stop orb) and what its
 * audio frame holds, read from a driver tab; null while no sidebar is open.
 * @param {import('puppeteer-core').Page} tab
 */
export function readSidebar(tab) {
  return tab.evaluate(() => {
    // @ts-ignore Firefox's extension API in an extension page
    const view = browser.extension.getViews({ type: 'sidebar' })[0];
    if (!view) return null;
    const d = view.document;
    const status = d.querySelector('.status-line');
    const frame = d.getElementById('hark-audio-host');
    const error = d.querySelector('.error');
    return {
      status: status?.dataset.status ?? null,
      error: error?.querySelector('.error-headline')?.textContent ?? error?.textContent ?? null,
      reason: error?.dataset.reason ?? null,
      page: d.querySelector('.page-title')?.textContent ?? null,
      orb: d.querySelector('button.orb')?.getAttribute('aria-label') ?? null,
      messages: [...d.querySelectorAll('.msg')].map((li) => ({
        role: li.dataset.role, final: li.dataset.final === 'true', text: li.querySelector('.text')?.textContent ?? '',
      })),
      /** Live microphone tracks and open peer connections in the sidebar's audio frame. */
      media: frame?.contentWindow?.harkDebug?.media() ?? null,
    };
  });
}

/**
 * Waits until the sidebar satisfies `check`; says what it last showed (and Firefox's log) if not.
 * @param {import('puppeteer-core').Page} driver
 * @param {{ log(): string }} ff
 * @param {(s: any) => boolean} check
 * @param {string} what
 */
export async function waitForSidebar(driver, ff, check, what, timeout = 30_000) {
  let last;
  try {
    return await waitFor(async () => {
      last = await readSidebar(driver).catch(() => null);
      return last && check(last) ? last : null;
    }, { timeout, interval: 150, what });
  } catch (e) {
    throw new Error(`${/** @type {Error} */ (e).message}\nlast sidebar: ${JSON.stringify(last)}\nfirefox log:\n${ff.log()}`);
  }
}

/**
 * Points the add-on at the local server (settings in storage.local, from a driver tab on one of
 * Hark's pages). `extra`: more settings, e.g. site rules.
 * @param {import('puppeteer-core').Page} driver
 * @param {string} url
 */
export function useLocalServerFirefox(driver, url, extra = {}) {
  return driver.evaluate(async (url, extra) => {
    // @ts-ignore
    const { settings } = await browser.storage.local.get('settings');
    // @ts-ignore
    // No greeting unless a test asks (as startHark in support.mjs): the suites were written for a
    // start that listens first, and a greeting would answer before the turn they check.
    await browser.storage.local.set({ settings: { ...settings, mode: 'local', localServerUrl: url, serverUrl: url, greeting: false, ...extra } });
  }, url, extra);
}

/**
 * Where every Firefox suite starts: the local Realtime server (with its control routes), the
 * fixture pages, Firefox with Hark pointed at that server (from a driver tab on the options page),
 * and the article open in a tab of its own. Whatever started is closed again if a later step fails,
 * so a failed launch leaves no server holding the test run open.
 * @param {{ prompts?: boolean, timing?: Record<string, number> }} [o] `prompts`: as launchFirefox; `timing`: the server's.
 */
export async function firefoxOnArticle({ prompts = true, timing } = {}) {
  /** @type {(() => Promise<unknown>)[]} */ const closers = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    const server = await createRealtimeServer({ control: true, ...(timing ? { timing } : {}) });
    closers.push(() => server.close());
    const web = await serveFixtures();
    closers.push(() => web.close());
    const ff = await launchFirefox({ prompts });
    closers.push(() => ff.close());
    const driver = await ff.openExtensionTab('options.html');
    await useLocalServerFirefox(driver, server.url);
    const article = await ff.browser.newPage();
    await article.goto(web.url('article.html'));
    return { server, web, ff, driver, article, close };
  } catch (e) {
    await close();
    throw e;
  }
}
