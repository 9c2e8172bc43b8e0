// @ts-check
/** Shared set-up for Hark's e2e tests: a fixture web server and the side-panel driver. */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { evalInExtensionTarget, launchBrowser, waitFor } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * The build the suite loads: Chrome's by default; `HARK_EXTENSION_PATH` (relative to the repo, as
 * in `npm run bench`) points any e2e file at another Chromium-engine build, e.g. `.output/edge-mv3`.
 */
export const EXTENSION_PATH = path.resolve(HERE, '../..', process.env.HARK_EXTENSION_PATH ?? '.output/chrome-mv3');

/** Serves tests/e2e/fixtures on 127.0.0.1 (web pages the user "browses"). */
export async function serveFixtures() {
  const server = http.createServer((req, res) => {
    const file = path.join(HERE, 'fixtures', path.basename(new URL(req.url ?? '/', 'http://x').pathname));
    if (!fs.existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: (name) => `http://127.0.0.1:${port}/${name}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Fills Hark's options page the way a user does: by the fields' visible labels.
 * @param {import('playwright-core').BrowserContext} ctx
 * @param {string} extensionId
 * @param {{ serverUrl: string, apiKey?: string, neverSend?: string }} values
 */
export async function configure(ctx, extensionId, { serverUrl, apiKey, neverSend }) {
  const page = await ctx.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Server URL').fill(serverUrl);
  if (apiKey != null) await page.getByLabel('OpenAI API key').fill(apiKey);
  if (neverSend != null) await page.getByLabel('Never send these sites').fill(neverSend);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await page.close();
}

/**
 * A private copy of the built extension, so a rebuild running meanwhile cannot swap files under
 * the browser. `siteAccess`: the user has granted the optional `<all_urls>` host permission (Hark
 * asks for it from the side panel; a headless browser cannot answer that dialog, so the grant is
 * made in the copy's manifest instead).
 */
export function extensionCopy({ siteAccess = false, from = EXTENSION_PATH } = {}) {
  if (!fs.existsSync(path.join(from, 'manifest.json'))) throw new Error(`no built extension at ${from}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-ext-'));
  fs.cpSync(from, dir, { recursive: true });
  if (siteAccess) {
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    manifest.host_permissions = [...(manifest.host_permissions ?? []), '<all_urls>'];
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  return { path: dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
export const extensionWithSiteAccess = () => extensionCopy({ siteAccess: true });

/**
 * Points Hark at the local server by writing its settings (mode `local`), the way the options
 * page saves them, without depending on the options page's layout.
 * @param {import('playwright-core').Worker} sw
 * @param {string} url
 * @param {Record<string, unknown>} [extra]  more settings fields
 */
export async function useLocalServer(sw, url, extra = {}) {
  await sw.evaluate(
    async ({ url, extra }) => {
      // @ts-ignore chrome is the extension global inside the worker
      const { settings } = await chrome.storage.local.get('settings');
      // @ts-ignore
      await chrome.storage.local.set({ settings: { ...settings, mode: 'local', localServerUrl: url, serverUrl: url, ...extra } });
    },
    { url, extra },
  );
}

/**
 * Merges `patch` into Hark's saved settings (missing fields read as the defaults).
 * @param {import('playwright-core').Worker} sw
 * @param {Record<string, unknown>} patch
 */
export async function seedSettings(sw, patch) {
  await sw.evaluate(async (patch) => {
    // @ts-ignore chrome is the extension global inside the worker
    const { settings } = await chrome.storage.local.get('settings');
    // @ts-ignore
    await chrome.storage.local.set({ settings: { ...settings, ...patch } });
  }, patch);
}

/** Opens sidepanel.html in a tab: its Start/Stop button and composer, and an extension page to query from. */
export async function openPanelTab(ctx, extensionId) {
  const tab = await ctx.newPage();
  await tab.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await tab.locator('.controls button.primary').waitFor();
  return tab;
}

/**
 * The user closes the real side panel of the focused window (`chrome.sidePanel.close` does what
 * the panel's close button does), from the worker.
 * @param {import('playwright-core').Worker} sw
 */
export async function closeSidePanel(sw) {
  await sw.evaluate(async () => {
    const c = /** @type {any} */ (globalThis).chrome;
    const [t] = await c.tabs.query({ active: true, lastFocusedWindow: true });
    await c.sidePanel.close({ windowId: t.windowId });
  });
}

/**
 * The set-up most suites share: the local Realtime server (`server`: its options), the fixture
 * web server, headless Chromium with a private copy of the build (`siteAccess`, `browser`: more
 * launchBrowser options), Hark pointed at the server — through the options page as a user does
 * (`via: 'options'`, default) or by writing the settings (`'storage'`, for suites not about
 * settings) — and, with `page`, a tab on that fixture page. `close()` tears it all down; a test
 * that restarts the server assigns the new one to `h.server`. The server's test control API
 * (`/_control/*`) is switched on here (`control: true`; off by default, as in `npm run demo`); with
 * `apiKeys` set, `control()` needs `key`. `extensionPath`: the build to load (default EXTENSION_PATH).
 * `greeting`: the assistant speaks first (on in the product); off here unless asked for, so the
 * suites' conversations start with the user's turn as they were written (tests/e2e/greeting.test.mjs
 * covers it).
 * @param {{ server?: Parameters<typeof createRealtimeServer>[0], siteAccess?: boolean, via?: 'options' | 'storage' | 'none',
 *   browser?: Partial<Parameters<typeof launchBrowser>[0]>, page?: string, extensionPath?: string, greeting?: boolean }} [o]
 */
export async function startHark({ server: serverOptions = {}, siteAccess = false, via = 'options', browser = {}, page, extensionPath, greeting = false } = {}) {
  const h = {
    // The copy first: a missing build fails before any server is listening.
    ext: extensionCopy({ siteAccess, from: extensionPath }),
    server: await createRealtimeServer({ control: true, ...serverOptions }),
    web: await serveFixtures(),
    /** @type {Awaited<ReturnType<typeof launchBrowser>>} */ b: /** @type {any} */ (null),
    /** @type {import('playwright-core').Page} */ page: /** @type {any} */ (null),
    async close() {
      await h.b?.close();
      h.ext.remove();
      await h.web.close();
      await h.server.close();
    },
  };
  try {
    h.b = await launchBrowser({ extensionPath: h.ext.path, ...browser });
    // Before any configuring: the options page and useLocalServer keep what is saved.
    if (!greeting) await seedSettings(h.b.sw, { greeting: false });
    if (via === 'options') await configure(h.b.ctx, h.b.extensionId, { serverUrl: h.server.url });
    else if (via === 'storage') await useLocalServer(h.b.sw, h.server.url);
    if (page) {
      h.page = await h.b.ctx.newPage();
      await h.page.goto(h.web.url(page));
    }
  } catch (e) {
    await h.close().catch(() => {});
    throw e;
  }
  return h;
}

/** The instructions in every session.update the server received, across all calls. */
export function sentInstructions(server) {
  return server.state.calls.flatMap((c) =>
    c.clientEvents.filter((e) => e.type === 'session.update' && e.session?.instructions).map((e) => e.session.instructions),
  );
}

/** Reads what the real side panel shows: status, error, and the transcript messages. */
export async function readPanel(ctx) {
  return evalInExtensionTarget(
    ctx,
    'sidepanel.html',
    `(() => {
      const status = document.querySelector('.status-line');
      return {
        status: status?.dataset.status ?? null,
        activity: status?.dataset.activity ?? null,
        error: document.querySelector('.error')?.textContent ?? null,
        page: document.querySelector('.page-title')?.textContent ?? null,
        messages: [...document.querySelectorAll('.msg')].map((li) => ({
          role: li.dataset.role, final: li.dataset.final === 'true', text: li.querySelector('.text')?.textContent ?? '',
        })),
      };
    })()`,
  );
}

/** Waits until the side panel satisfies `check`, and returns what it showed. */
export async function waitForPanel(ctx, check, what, timeout = 20_000) {
  let last;
  try {
    return await waitFor(async () => {
      last = await readPanel(ctx).catch(() => null);
      return last && check(last) ? last : null;
    }, { timeout, interval: 100, what });
  } catch (e) {
    throw new Error(`${/** @type {Error} */ (e).message}\nlast panel: ${JSON.stringify(last)}`);
  }
}
