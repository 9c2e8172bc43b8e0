// @ts-check
/**
 * E2E harness for the Hark MV3 extension in headless Debian Chromium (via playwright-core).
 *
 * Used by `node --test` files in tests/e2e/. Verified on Debian 12, Chromium 156, playwright-core 1.65.1
 * (see tests/e2e/harness.selftest.mjs, run with `node tests/e2e/harness.selftest.mjs`).
 *
 * Key facts (proven on this machine):
 * - A real toolbar click = CDP `Extensions.triggerAction({ id: extensionId, targetId: <TAB target id> })`
 *   on a browser CDP session (Playwright's `--remote-debugging-pipe`). We pass
 *   `--enable-unsafe-extension-debugging` as documented, although Debian Chromium 156 also accepted
 *   the call without it. The targetId must be the *tab* target (type "tab", only listed by
 *   Target.getTargets({filter:[{}]})), not the page target, else "Action can only be triggered on a
 *   tab target". Chromium clicks for the window's *active* tab, so the page is brought to front first.
 *   It counts as a user gesture: `chrome.sidePanel.open({ tabId })` inside `action.onClicked` works.
 *   With `setPanelBehavior({ openPanelOnActionClick: true })` the click toggles the panel instead
 *   (open, then close on the next click) and onClicked does not fire.
 * - The real side panel and the offscreen document are CDP targets that Playwright does not list
 *   (not in ctx.pages(), not in ctx.backgroundPages()); reach them with `evalInExtensionTarget`.
 * - `--use-fake-ui-for-media-stream` auto-grants the mic to the offscreen document, so no
 *   permission prompt is needed; without it getUserMedia in the offscreen doc fails with
 *   `NotAllowedError: Permission dismissed`.
 */
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Worker} Worker */
/** @typedef {import('playwright-core').CDPSession} CDPSession */

/**
 * @typedef {object} TargetInfo  CDP Target.TargetInfo
 * @property {string} targetId
 * @property {string} type   e.g. 'page', 'background_page', 'service_worker', 'tab'
 * @property {string} url
 * @property {string} title
 * @property {boolean} attached
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Directory for generated fixtures (gitignored). */
export const CACHE_DIR = path.join(HERE, '.cache');
/** The sentence spoken into the fake microphone. */
export const SPEECH_TEXT = 'What is this page about?';
/** Default Chromium binary (override with env CHROMIUM_PATH). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Polling
// ---------------------------------------------------------------------------------------------

/**
 * Poll `fn` until it returns a truthy value (sync or async) and return that value.
 * Exceptions thrown by `fn` count as "not yet"; the last one is reported on timeout.
 *
 * @template T
 * @param {() => T | Promise<T>} fn
 * @param {{ timeout?: number, interval?: number, what?: string }} [opts]
 *   `what` names the awaited condition in the error message (defaults to fn's source).
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(fn, { timeout = 10_000, interval = 100, what } = {}) {
  const label = what ?? String(fn).replace(/\s+/g, ' ').slice(0, 160);
  const deadline = Date.now() + timeout;
  /** @type {unknown} */ let lastError;
  /** @type {unknown} */ let lastValue;
  for (;;) {
    try {
      // Race each call against the deadline: a hung fn (e.g. sw.evaluate on a stopped worker)
      // must not make waitFor hang past its timeout.
      /** @type {ReturnType<typeof setTimeout> | undefined} */ let timer;
      lastValue = await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('call still pending at the deadline')), Math.max(0, deadline - Date.now()));
        }),
      ]).finally(() => clearTimeout(timer));
      if (lastValue) return /** @type {NonNullable<T>} */ (lastValue);
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  const tail = lastError
    ? `; last error: ${/** @type {any} */ (lastError)?.message ?? lastError}`
    : `; last value: ${safeJson(lastValue)}`;
  throw new Error(`waitFor timed out after ${timeout} ms waiting for: ${label}${tail}`);
}

/** @param {unknown} v */
function safeJson(v) {
  try {
    return JSON.stringify(v)?.slice(0, 300) ?? String(v);
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error && /** @type {any} */ (r.error).code === 'ENOENT') {
    throw new Error(
      `ensureSpeechWav: '${cmd}' is not installed. Install it with: ` +
        `sudo apt-get install -y espeak-ng sox   (or run .ci/run)`,
    );
  }
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`ensureSpeechWav: '${cmd} ${args.join(' ')}' exited ${r.status}: ${r.stderr}`);
  }
  return r;
}

/**
 * Generate (once) a 48 kHz mono 16-bit WAV saying "What is this page about?", padded with
 * 0.3 s of silence before and 1.5 s after, into tests/e2e/.cache/. Uses espeak-ng + sox.
 * Safe to call concurrently (atomic rename).
 *
 * @returns {string} absolute path of the WAV
 */
export function ensureSpeechWav() {
  const out = path.join(CACHE_DIR, 'speech-what-is-this-page-about-48k.wav');
  if (fs.existsSync(out) && fs.statSync(out).size > 44) return out;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const raw = path.join(CACHE_DIR, `.raw-${tag}.wav`);
  const tmp = path.join(CACHE_DIR, `.out-${tag}.wav`);
  try {
    run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, SPEECH_TEXT]);
    run('sox', ['-D', raw, '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp, 'pad', '0.3', '1.5']);
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(raw, { force: true });
    fs.rmSync(tmp, { force: true });
  }
  return out;
}

/**
 * The sentence of `ensureSpeechWav()` followed by `gapSeconds` of silence, for a fake microphone
 * that LOOPS (`launchBrowser({ noloop: false })`). Chromium plays the capture file from the moment
 * getUserMedia opens the device, which is before the peer connection is up; on a busy machine the
 * session went live 2.4–5.9 s after the mic opened, after a once-played sentence (0.3–2.1 s) had
 * already ended, so the server never heard it. Looping, the sentence comes again within one period
 * (about 2.1 s + gap) of the session going live, however slow the start was. The gap is longer
 * than a reply to it takes to play, so a repeat does not barge in on the answer to the last one.
 *
 * @param {{ gapSeconds?: number }} [opts]
 * @returns {string} absolute path of the WAV
 */
export function ensureRepeatingSpeechWav({ gapSeconds = 6 } = {}) {
  const once = ensureSpeechWav();
  const out = path.join(CACHE_DIR, `speech-what-is-this-page-about-48k-gap${gapSeconds}.wav`);
  if (fs.existsSync(out) && fs.statSync(out).size > 44) return out;
  const tmp = path.join(CACHE_DIR, `.out-${process.pid}-${crypto.randomBytes(4).toString('hex')}.wav`);
  try {
    // The once-file already ends with 1.5 s of silence; pad the rest of the gap.
    run('sox', [once, tmp, 'pad', '0', String(Math.max(0, gapSeconds - 1.5))]);
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Launch
// ---------------------------------------------------------------------------------------------

/**
 * The ID Chromium assigns to an unpacked extension: first 128 bits of sha256(absolute path),
 * hex digits mapped 0-f → a-p.
 * @param {string} absPath
 */
export function unpackedExtensionId(absPath) {
  const hex = crypto.createHash('sha256').update(absPath).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/**
 * Return the extension's service worker (Playwright Worker), waiting for it to appear.
 * Note: Playwright keeps the same Worker object across a stop/restart (see stopServiceWorkers).
 *
 * @param {BrowserContext} ctx
 * @param {string} [extensionId]  if omitted, any chrome-extension:// worker
 * @param {number} [timeout]
 * @returns {Promise<Worker>}
 */
export async function getServiceWorker(ctx, extensionId, timeout = 15_000) {
  const match = (/** @type {Worker} */ w) =>
    w.url().startsWith(extensionId ? `chrome-extension://${extensionId}/` : 'chrome-extension://');
  const pending = ctx.waitForEvent('serviceworker', { predicate: match, timeout }).catch((e) => e);
  const existing = ctx.serviceWorkers().find(match);
  if (existing) return existing;
  const r = await pending;
  if (r instanceof Error) {
    throw new Error(
      `No service worker for ${extensionId ?? 'the extension'} within ${timeout} ms ` +
        `(is the manifest valid / background.service_worker built?): ${r.message}`,
    );
  }
  return r;
}

/**
 * @typedef {object} LaunchResult
 * @property {BrowserContext} ctx
 * @property {Browser} browser
 * @property {Worker} sw            the extension service worker at launch time
 * @property {string} extensionId
 * @property {string} userDataDir
 * @property {() => Promise<void>} close   closes the browser and deletes the temp profile
 */

/**
 * Launch headless Chromium with the unpacked extension loaded and wait for its service worker.
 *
 * @param {object} opts
 * @param {string} opts.extensionPath   unpacked extension dir (e.g. `.output/chrome-mv3`)
 * @param {string} [opts.wav]           WAV file used as the fake microphone (default: Chromium's beep)
 * @param {boolean} [opts.noloop=true]  play the WAV once, then silence (`%noloop`)
 * @param {boolean} [opts.grantMic=true] pass `--use-fake-ui-for-media-stream` (auto-grant mic).
 *   When false, getUserMedia from the offscreen document fails with
 *   `NotAllowedError: Permission dismissed` (no prompt can show); grant later with `setMicPermission`.
 * @param {boolean} [opts.headless=true]
 * @param {string[]} [opts.args]        extra Chromium flags
 * @param {number} [opts.timeout=20000] service-worker wait timeout
 * @param {string} [opts.userDataDir]   reuse this profile (e.g. reopen one after a crash); it is
 *   then the caller's to delete — `close()` keeps it
 * @returns {Promise<LaunchResult>}
 */
export async function launchBrowser({
  extensionPath,
  wav,
  noloop = true,
  grantMic = true,
  headless = true,
  args = [],
  timeout = 20_000,
  userDataDir: givenProfile,
}) {
  if (!extensionPath) throw new Error('launchBrowser: extensionPath is required');
  const abs = path.resolve(extensionPath);
  if (!fs.existsSync(path.join(abs, 'manifest.json'))) {
    throw new Error(`launchBrowser: no manifest.json in ${abs} (did you run \`npm run build\`?)`);
  }
  const ext = fs.realpathSync(abs);
  if (wav && !fs.existsSync(wav)) throw new Error(`launchBrowser: WAV not found: ${wav}`);
  const executablePath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `launchBrowser: Chromium not found at ${executablePath}. ` +
        'Install it (apt-get install chromium, or run .ci/run) or set CHROMIUM_PATH.',
    );
  }

  const chromeArgs = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--disable-extensions-except=${ext}`,
    `--load-extension=${ext}`,
    ...(grantMic ? ['--use-fake-ui-for-media-stream'] : []),
    '--use-fake-device-for-media-stream',
    ...(wav ? [`--use-file-for-fake-audio-capture=${path.resolve(wav)}${noloop ? '%noloop' : ''}`] : []),
    '--allow-loopback-in-peer-connection',
    '--enable-unsafe-extension-debugging',
    ...args,
  ];

  const userDataDir = givenProfile ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hark-e2e-'));
  const removeProfile = () => givenProfile || fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  /** @type {BrowserContext | undefined} */ let ctx;
  try {
    ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless,
      args: chromeArgs,
    });
    const expectedId = unpackedExtensionId(ext);
    let sw;
    try {
      sw = await getServiceWorker(ctx, expectedId, timeout);
    } catch {
      // ID derivation differs (e.g. manifest `key`): accept any extension worker.
      sw = await getServiceWorker(ctx, undefined, 2_000);
    }
    const extensionId = new URL(sw.url()).host;
    const browser = /** @type {Browser} */ (ctx.browser());
    const c = ctx;
    let closed = false;
    return {
      ctx,
      browser,
      sw,
      extensionId,
      userDataDir,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await c.close();
        } finally {
          removeProfile();
        }
      },
    };
  } catch (e) {
    await ctx?.close().catch(() => {});
    removeProfile();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Raw CDP helpers
// ---------------------------------------------------------------------------------------------

/**
 * Run `fn` with a fresh browser-level CDP session, detached afterwards.
 * @template T
 * @param {BrowserContext} ctx
 * @param {(cdp: CDPSession) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withBrowserCDP(ctx, fn) {
  const browser = ctx.browser();
  if (!browser) throw new Error('withBrowserCDP: context has no browser (not a Chromium context?)');
  const cdp = await browser.newBrowserCDPSession();
  try {
    return await fn(cdp);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * A minimal client for one non-flattened CDP child session (Target.attachToTarget flatten:false).
 * @param {CDPSession} cdp  browser session
 * @param {string} targetId
 */
async function attachRaw(cdp, targetId) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
  const pending = new Map();
  /** @type {any[]} */
  const events = [];
  /** @param {{sessionId: string, message: string}} ev */
  const onMessage = (ev) => {
    if (ev.sessionId !== sessionId) return;
    const msg = JSON.parse(ev.message);
    if (msg.id != null && pending.has(msg.id)) {
      const p = /** @type {any} */ (pending.get(msg.id));
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${msg.error.message} (${msg.error.code})`));
      else p.resolve(msg.result);
    } else if (msg.method) {
      events.push(msg);
    }
  };
  const onDetached = (/** @type {{sessionId: string}} */ ev) => {
    if (ev.sessionId !== sessionId) return;
    for (const p of pending.values()) p.reject(new Error('target detached/closed'));
    pending.clear();
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  cdp.on('Target.detachedFromTarget', onDetached);
  return {
    events,
    /**
     * @param {string} method
     * @param {object} [params]
     * @returns {Promise<any>}
     */
    send(method, params = {}) {
      const id = nextId++;
      const p = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch((e) => {
          const q = pending.get(id);
          pending.delete(id);
          q?.reject(e);
        });
      return p;
    },
    async detach() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      cdp.off('Target.detachedFromTarget', onDetached);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    },
  };
}

/**
 * All CDP targets, including types Playwright hides (offscreen `background_page`, the real side
 * panel `page`). Pass `{ includeTabs: true }` to also list `tab` targets.
 * @param {BrowserContext} ctx
 * @param {{ includeTabs?: boolean }} [opts]
 * @returns {Promise<TargetInfo[]>}
 */
export async function listTargets(ctx, { includeTabs = false } = {}) {
  return withBrowserCDP(ctx, async (cdp) => {
    const params = includeTabs ? { filter: [{}] } : {};
    const { targetInfos } = await cdp.send('Target.getTargets', params);
    return /** @type {TargetInfo[]} */ (targetInfos);
  });
}

/**
 * @param {string | ((t: TargetInfo) => boolean)} matcher
 * @returns {(t: TargetInfo) => boolean}
 */
function toPredicate(matcher) {
  if (typeof matcher === 'function') return matcher;
  return (t) => t.type !== 'tab' && t.type !== 'browser' && t.url.includes(matcher);
}

/**
 * Target IDs of pages shown in a tab (i.e. Playwright pages); used to tell the real side panel
 * (a `page` target that is not in any tab) from `sidepanel.html` opened in a normal tab.
 * @param {BrowserContext} ctx
 */
async function tabPageTargetIds(ctx) {
  const ids = new Set();
  for (const p of ctx.pages()) {
    try {
      ids.add(await pageTargetId(ctx, p));
    } catch {
      /* page closing */
    }
  }
  return ids;
}

/**
 * Find an extension target whose URL contains `urlSubstring` (or matching a predicate).
 * If several match, targets that are not Playwright pages (the real side panel, the offscreen
 * document) are preferred over a tab showing the same URL.
 * @param {BrowserContext} ctx
 * @param {string | ((t: TargetInfo) => boolean)} matcher
 * @returns {Promise<TargetInfo | undefined>}
 */
export async function findTarget(ctx, matcher) {
  const pred = toPredicate(matcher);
  const matches = (await listTargets(ctx)).filter(pred);
  if (matches.length <= 1) return matches[0];
  const inTabs = await tabPageTargetIds(ctx);
  return matches.find((t) => !inTabs.has(t.targetId)) ?? matches[0];
}

/**
 * Wait until a CDP target whose URL contains `urlSubstring` exists (e.g. 'offscreen.html',
 * 'sidepanel.html'); returns its TargetInfo.
 * @param {BrowserContext} ctx
 * @param {string | ((t: TargetInfo) => boolean)} urlSubstring
 * @param {number} [timeoutMs=10000]
 * @returns {Promise<TargetInfo>}
 */
export async function waitForTarget(ctx, urlSubstring, timeoutMs = 10_000) {
  return waitFor(() => findTarget(ctx, urlSubstring), {
    timeout: timeoutMs,
    interval: 100,
    what: `CDP target ${typeof urlSubstring === 'string' ? `with URL containing "${urlSubstring}"` : String(urlSubstring)}`,
  });
}

/**
 * Evaluate `expression` inside an extension target Playwright does not expose (offscreen document,
 * real side panel, …) via raw CDP: Target.attachToTarget(flatten:false) + Runtime.evaluate
 * ({ awaitPromise: true, returnByValue: true }). The expression may be async / return a Promise;
 * the result must be JSON-serialisable. Throws if the evaluation throws.
 *
 * @param {BrowserContext} ctx
 * @param {string | ((t: TargetInfo) => boolean)} urlSubstring  e.g. 'offscreen.html'
 * @param {string} expression  e.g. `location.href` or `(async () => { ... })()`
 * @param {{ timeout?: number, waitForLoad?: boolean }} [opts]  waits up to `timeout` for the target to
 *   appear, again for `document.readyState === 'complete'` (unless waitForLoad is false), and again
 *   for the result
 * @returns {Promise<any>}
 */
export async function evalInExtensionTarget(ctx, urlSubstring, expression, { timeout = 10_000, waitForLoad = true } = {}) {
  const target = await waitForTarget(ctx, urlSubstring, timeout);
  return withBrowserCDP(ctx, async (cdp) => {
    const s = await attachRaw(cdp, target.targetId);
    /** @type {(p: Promise<any>, what: string) => Promise<any>} */
    const withTimeout = (p, what) =>
      Promise.race([
        p,
        sleep(timeout).then(() => {
          throw new Error(`evalInExtensionTarget: ${what} in ${target.url} timed out after ${timeout} ms`);
        }),
      ]);
    try {
      if (waitForLoad) {
        // A freshly opened side panel / offscreen doc may still be loading (w=h=0, scripts not run).
        await withTimeout(
          (async () => {
            for (;;) {
              const r = await s
                .send('Runtime.evaluate', {
                  expression: "typeof document === 'undefined' ? 'complete' : document.readyState",
                  returnByValue: true,
                })
                .catch(() => undefined);
              if (r?.result?.value === 'complete') return;
              await sleep(50);
            }
          })(),
          'waiting for document.readyState "complete"',
        );
      }
      /** @type {any} */
      const res = await withTimeout(
        s.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture: true }),
        'evaluation',
      );
      if (res.exceptionDetails) {
        const d = res.exceptionDetails;
        throw new Error(
          `evalInExtensionTarget(${target.url}): ${d.exception?.description ?? d.exception?.value ?? d.text}`,
        );
      }
      return res.result?.value;
    } finally {
      await s.detach();
    }
  });
}

/**
 * CDP target id of a Playwright page.
 * @param {BrowserContext} ctx
 * @param {Page} page
 * @returns {Promise<string>}
 */
export async function pageTargetId(ctx, page) {
  const s = await ctx.newCDPSession(page);
  try {
    const { targetInfo } = await s.send('Target.getTargetInfo');
    return targetInfo.targetId;
  } finally {
    await s.detach().catch(() => {});
  }
}

/**
 * CDP `tab` target id that hosts a Playwright page (Extensions.triggerAction needs it).
 * Found by attaching to each tab target and auto-attaching to its page child.
 * @param {BrowserContext} ctx
 * @param {Page} page
 * @returns {Promise<string>}
 */
export async function tabTargetIdForPage(ctx, page) {
  const pageId = await pageTargetId(ctx, page);
  const url = page.url();
  return withBrowserCDP(ctx, async (cdp) => {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    // Try tabs showing the page's URL first.
    const tabs = [...targetInfos].sort((a, b) => Number(b.url === url) - Number(a.url === url));
    for (const tab of tabs) {
      const s = await attachRaw(cdp, tab.targetId);
      try {
        await s.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
        const found = () =>
          s.events.some((m) => m.method === 'Target.attachedToTarget' && m.params?.targetInfo?.targetId === pageId);
        if (found() || (s.events.length === 0 && (await sleep(50), found()))) return tab.targetId;
      } finally {
        await s.detach();
      }
    }
    throw new Error(`tabTargetIdForPage: no tab target hosts page ${pageId} (${url})`);
  });
}

/**
 * Perform a real toolbar-action click on the extension for the tab showing `page` (which is brought
 * to the front first: Chromium clicks the action of the window's active tab):
 * CDP `Extensions.triggerAction({ id: extensionId, targetId: <tab target id> })`.
 * Fires `chrome.action.onClicked` (with user-gesture semantics, so `chrome.sidePanel.open`
 * works in the handler), or opens the side panel directly when the extension set
 * `sidePanel.setPanelBehavior({ openPanelOnActionClick: true })` (then onClicked does not fire).
 * Requires launchBrowser's `--enable-unsafe-extension-debugging`.
 *
 * @param {BrowserContext} ctx
 * @param {string} extensionId
 * @param {Page} page
 * @returns {Promise<{ tabTargetId: string }>}
 */
export async function triggerAction(ctx, extensionId, page) {
  // Chromium applies the action to the *active* tab of the window, whatever tab targetId is given,
  // so activate the page's tab first.
  await page.bringToFront();
  const tabTargetId = await tabTargetIdForPage(ctx, page);
  await withBrowserCDP(ctx, (cdp) => cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabTargetId }));
  return { tabTargetId };
}

/**
 * Run `fn` with a CDP session on `page` (or on a temporary about:blank page).
 * @template T
 * @param {BrowserContext} ctx
 * @param {Page | undefined} page
 * @param {(s: CDPSession) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withPageCDP(ctx, page, fn) {
  const p = page ?? (await ctx.newPage());
  try {
    const s = await ctx.newCDPSession(p);
    try {
      return await fn(s);
    } finally {
      await s.detach().catch(() => {});
    }
  } finally {
    if (!page) await p.close().catch(() => {});
  }
}

/**
 * Stop all service workers (simulates the MV3 idle kill) via CDP `ServiceWorker.enable` +
 * `ServiceWorker.stopAllWorkers` on a page session. The worker restarts with fresh globals on the
 * next extension event / runtime message (or `startServiceWorker`).
 *
 * Playwright keeps the same `sw` Worker handle across the restart. While the worker is stopped,
 * `sw.evaluate` does NOT wake it: the call stays pending until something else restarts the worker,
 * then runs in the new instance.
 * @param {BrowserContext} ctx
 * @param {Page} [page]  any page; a temporary about:blank page is used if omitted
 */
export async function stopServiceWorkers(ctx, page) {
  await withPageCDP(ctx, page, async (s) => {
    await s.send('ServiceWorker.enable');
    await s.send('ServiceWorker.stopAllWorkers');
  });
}

/**
 * (Re)start the extension's service worker without sending it a message, via CDP
 * `ServiceWorker.startWorker({ scopeURL: 'chrome-extension://<id>/' })`.
 * @param {BrowserContext} ctx
 * @param {string} extensionId
 * @param {Page} [page]
 */
export async function startServiceWorker(ctx, extensionId, page) {
  await withPageCDP(ctx, page, async (s) => {
    await s.send('ServiceWorker.enable');
    await s.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
  });
}

/** @type {WeakMap<BrowserContext, Promise<CDPSession>>} */
const permissionSessions = new WeakMap();

/**
 * Set the microphone permission of the extension origin via raw CDP `Browser.setPermission`
 * (use with `launchBrowser({ grantMic: false })` to test the not-granted → granted path;
 * 'denied' gives `NotAllowedError: Permission denied`, no override gives `Permission dismissed`).
 * Playwright's `ctx.grantPermissions` cannot do this ("Permission can't be granted to opaque origins").
 * Chromium drops CDP permission overrides when the session that set them detaches, so this keeps
 * one browser CDP session per context open until the browser closes.
 * @param {BrowserContext} ctx
 * @param {string} extensionId
 * @param {'granted' | 'denied' | 'prompt'} [setting='granted']
 */
export async function setMicPermission(ctx, extensionId, setting = 'granted') {
  let session = permissionSessions.get(ctx);
  if (!session) {
    const browser = ctx.browser();
    if (!browser) throw new Error('setMicPermission: context has no browser');
    session = browser.newBrowserCDPSession();
    permissionSessions.set(ctx, session);
  }
  await (await session).send('Browser.setPermission', {
    permission: { name: 'microphone' },
    setting,
    origin: `chrome-extension://${extensionId}`,
  });
}

/**
 * @typedef {object} ExtensionContextSummary
 * @property {string} contextType   'BACKGROUND' | 'OFFSCREEN_DOCUMENT' | 'SIDE_PANEL' | 'TAB' | 'POPUP' | …
 * @property {string} [documentUrl]
 * @property {number} tabId
 * @property {number} windowId
 * @property {number} frameId
 */

/**
 * Summary of `chrome.runtime.getContexts({})` as seen by the service worker.
 * @param {Worker} sw
 * @returns {Promise<ExtensionContextSummary[]>}
 */
export async function listExtensionContexts(sw) {
  return sw.evaluate(async () => {
    // @ts-ignore chrome is the extension global inside the worker
    const list = await chrome.runtime.getContexts({});
    return list.map((/** @type {any} */ c) => ({
      contextType: c.contextType,
      documentUrl: c.documentUrl,
      tabId: c.tabId,
      windowId: c.windowId,
      frameId: c.frameId,
    }));
  });
}
