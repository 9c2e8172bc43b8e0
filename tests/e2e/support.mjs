// @ts-check
/** Shared set-up for Hark's e2e tests: a fixture web server and the side-panel driver. */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalInExtensionTarget, waitFor } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const EXTENSION_PATH = path.resolve(HERE, '../../.output/chrome-mv3');

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
 * A copy of the built extension in which the user has granted the optional `<all_urls>` host
 * permission (Hark asks for it from the side panel; a headless browser cannot answer that
 * dialog, so the grant is made in the copy's manifest instead).
 */
export function extensionWithSiteAccess() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-ext-'));
  fs.cpSync(EXTENSION_PATH, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), '<all_urls>'];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  return { path: dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
