// @ts-check
// Issue 14 §1, attacked in real Chromium: a secret only ever goes to the origin it was entered
// for. A second loopback server plays the attacker: it answers CORS preflights and mints
// plausible keys, and records every request with its credentials. The user saves each secret
// for the real server, then the URL is changed to the attacker's (a phishing "use my server");
// servers hand out foreign `calls_url`s and `Location`s; plain-http hosts off this computer are
// tried (example.test is mapped to 127.0.0.1 by the browser's resolver, so nothing leaves the
// machine, and everything else resolves to nothing).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { createTokenServer } from '../../server/token/token-server.mjs';
import { triggerAction, waitFor } from './harness.mjs';
import { readPanel, startHark } from './support.mjs';

/** @typedef {import('playwright-core').Page} Page */

const KEY = `sk-attack-${crypto.randomBytes(12).toString('hex')}`;
const TOKEN = `tok-attack-${crypto.randomBytes(12).toString('hex')}`;
const AZURE_KEY = `az-attack-${crypto.randomBytes(12).toString('hex')}`;
const HOST_RULES = '--host-resolver-rules=MAP example.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

/** The attacker: answers everything the way a Realtime server would, and writes it all down. */
async function startAttacker() {
  /** @type {{ method: string, path: string, host: string, credentials: string }[]} */
  const requests = [];
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': '*', 'Access-Control-Expose-Headers': '*' };
  const server = http.createServer((req, res) => {
    const credentials = `${req.headers.authorization ?? ''} ${req.headers['api-key'] ?? ''}`.trim();
    requests.push({ method: req.method ?? '', path: req.url ?? '', host: req.headers.host ?? '', credentials });
    req.resume();
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (req.url?.includes('client_secrets')) {
      const body = { value: `ek_attacker_${crypto.randomBytes(6).toString('hex')}`, expires_at: Math.floor(Date.now() / 1000) + 120 };
      return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    }
    res.writeHead(400, cors).end('{"error":{"message":"no"}}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Requests that carried `secret` in a credential header. @param {string} secret */
    carrying: (secret) => requests.filter((r) => r.credentials.includes(secret)),
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * A server in front of the real one that answers the SDP offer with a `Location` on the attacker
 * (where Hark would send its hangup, with the ephemeral key).
 * @param {string} upstream @param {string} foreign
 */
async function startLocationForger(upstream, foreign) {
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)));
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? 'GET');
    const r = await fetch(`${upstream}${req.url}`, { method: req.method, headers: /** @type {any} */ (headers), body: hasBody ? Buffer.concat(chunks) : undefined });
    const out = Object.fromEntries([...r.headers].filter(([k]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)));
    if (out.location) out.location = `${foreign}/v1/realtime/calls/stolen`;
    res.writeHead(r.status, out).end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('issue 14 §1: a secret only ever goes to the origin it was entered for', () => {
  /** @type {Awaited<ReturnType<typeof startHark>>} */ let h;
  /** @type {Awaited<ReturnType<typeof startAttacker>>} */ let attacker;
  /** @type {Awaited<ReturnType<typeof createTokenServer>>} */ let tokens;
  /** @type {Awaited<ReturnType<typeof createTokenServer>>} */ let foreignCalls;
  /** @type {Awaited<ReturnType<typeof startLocationForger>>} */ let forger;
  /** @type {Page} */ let options;
  let unconfirmed = 0;
  let ephemeral = 0;

  before(async () => {
    // Site access: the options page's one-origin permission request for Azure is answered at once.
    h = await startHark({ server: { apiKeys: [KEY, AZURE_KEY] }, siteAccess: true, via: 'none', page: 'article.html', browser: { args: [HOST_RULES] } });
    attacker = await startAttacker();
    const users = { [TOKEN]: 'alice' };
    tokens = await createTokenServer({ upstreamUrl: h.server.url, openaiApiKey: KEY, users });
    foreignCalls = await createTokenServer({ upstreamUrl: h.server.url, openaiApiKey: KEY, users, callsUrl: `${attacker.url}/v1/realtime/calls` });
    forger = await startLocationForger(h.server.url, attacker.url);
    options = await h.b.ctx.newPage();
    await options.goto(`chrome-extension://${h.b.extensionId}/options.html`);
  });

  after(async () => {
    await h?.close();
    await Promise.all([attacker?.close(), tokens?.close(), foreignCalls?.close(), forger?.close()]);
  });

  /**
   * Fills the options form by its visible labels and saves.
   * @param {string} mode @param {Record<string, string>} fields @param {RegExp | string} [expect] status to wait for
   */
  async function save(mode, fields, expect = 'Saved.') {
    await options.reload(); // a fresh page: no status left from an earlier save
    await options.getByRole('radio', { name: mode, exact: true }).check();
    for (const [label, value] of Object.entries(fields)) await options.getByLabel(label, { exact: true }).fill(value);
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    const status = options.getByRole('status').filter({ hasText: expect });
    await status.waitFor();
    return (await status.textContent()) ?? '';
  }

  /** Presses Test connection; returns what the page reports. */
  async function testConnection() {
    await options.getByRole('button', { name: 'Test connection' }).click();
    const status = options.locator('[data-test-outcome]:not([data-test-outcome="testing"])');
    await status.waitFor({ timeout: 15_000 });
    // The one line is Hark's; the worker's full sentence is behind "Details", or, for an origin to
    // confirm, in the warning that offers the confirmation (issue 17, defect 8).
    const outcome = await status.getAttribute('data-test-outcome');
    const warnings = outcome === 'unconfirmed' ? await options.locator('.origin-warning p').allTextContents() : [];
    const line = (await status.locator('.test-line').allTextContents()).join(' ');
    return { outcome, line, text: [...warnings, ...(await status.locator('.test-details').allTextContents())].join(' ') };
  }

  /** Clicks the toolbar icon and waits for this start's error (not an earlier one) in the side panel. */
  async function talk() {
    const record = async () => /** @type {any} */ (await h.b.sw.evaluate(() => chrome.storage.session.get('record'))).record;
    const before = (await record())?.attempt ?? 0;
    await triggerAction(h.b.ctx, h.b.extensionId, h.page);
    const failed = await waitFor(async () => {
      const r = await record();
      return r?.attempt > before && ['error', 'live', 'idle'].includes(r.state.status) ? r : null;
    }, { timeout: 20_000, what: 'the start to end' });
    assert.equal(failed.state.status, 'error', `the start must fail: ${JSON.stringify(failed.state)}`);
    const panel = await waitFor(async () => {
      const p = await readPanel(h.b.ctx).catch(() => null);
      return p?.error?.includes(failed.state.error.message.slice(0, 40)) ? p : null;
    }, { what: 'the panel shows the error' });
    return panel.error ?? '';
  }

  /**
   * The URL changed after a secret was saved for `savedFor`: the page warns, and Test connection
   * and the toolbar both refuse. Returns how many requests carried the secret to the attacker.
   * @param {string} mode @param {string} field @param {string} secret @param {string} label @param {string} savedFor
   */
  async function changedOrigin(mode, field, secret, label, savedFor) {
    await save(mode, { [field]: attacker.url });
    await options.getByRole('alert').filter({ hasText: `Your ${label} was saved for ${savedFor}; enter it again for ${attacker.url}` }).waitFor();
    const test = await testConnection();
    assert.equal(test.outcome, 'unconfirmed', test.text);
    assert.match(test.text, new RegExp(`Your ${label} was saved for http://127\\.0\\.0\\.1:\\d+; enter it again for ${attacker.url.replace(/[.:/]/g, '\\$&')}`));
    const error = await talk();
    assert.match(error, new RegExp(`Your ${label} was saved for .*; enter it again for ${attacker.url.replace(/[.:/]/g, '\\$&')}`));
    unconfirmed += 2;
    return attacker.carrying(secret).length;
  }

  it('a saved OpenAI key, token-server token and Azure key do not follow a changed URL (figures printed)', async () => {
    await save('Your OpenAI key', { 'Server URL': h.server.url, 'OpenAI API key': KEY });
    const control = await testConnection();
    assert.equal(control.outcome, 'valid', `control: the key works where it was entered: ${control.text}`);
    let leaked = await changedOrigin('Your OpenAI key', 'Server URL', KEY, 'key', h.server.url);

    await save('Team token server', { 'Token server URL': tokens.url, 'Your access token': TOKEN });
    await testConnection();
    assert.equal(tokens.state.usage.alice?.minted, 1, 'control: the token works at its token server');
    leaked += await changedOrigin('Team token server', 'Token server URL', TOKEN, 'access token', tokens.url);

    await save('Azure OpenAI', { 'Azure resource URL': h.server.url, Deployment: 'gpt-realtime', 'Azure API key': AZURE_KEY });
    leaked += await changedOrigin('Azure OpenAI', 'Azure resource URL', AZURE_KEY, 'Azure API key', h.server.url);

    console.log(`[attack] secrets sent to an unconfirmed origin: ${leaked} of ${unconfirmed}`);
    assert.equal(leaked, 0);
    assert.deepEqual(attacker.requests.filter((r) => r.credentials), [], 'no credential of any kind reached the attacker');

    // Control (the attacker would have seen a leak): the user confirms, on the warning that names
    // the attacker's origin, that the key may go there; then it does.
    await save('Your OpenAI key', {});
    await options.getByRole('button', { name: `Send my key to ${attacker.url}` }).click();
    await options.getByText(`Your key may now be sent to ${attacker.url}.`).waitFor();
    const confirmed = await testConnection();
    assert.equal(confirmed.outcome, 'valid', confirmed.text);
    assert.equal(attacker.carrying(KEY).length, 1, 'after the explicit confirm, the key went there (once)');
    await save('Your OpenAI key', { 'Server URL': h.server.url });
  });

  it('a calls_url or Location on another origin gets no ephemeral key (figures printed)', async () => {
    const before = attacker.requests.length;
    const callsMessage = `told Hark to connect to ${attacker.url}, which is not a server you set up. Hark sent nothing there.`;

    await save('Team token server', { 'Token server URL': foreignCalls.url, 'Your access token': TOKEN });
    const test = await testConnection();
    assert.equal(test.outcome, 'unconfirmed', test.text);
    // The settings page: one line saying nothing was sent, and the warning naming the address.
    assert.match(test.line, /Nothing was sent/);
    assert.ok(test.text.includes(attacker.url), test.text);
    assert.ok(await options.getByRole('button', { name: `Allow calls to ${attacker.url}` }).isVisible(), 'the page offers to allow it, naming it');
    { const shown = await talk(); assert.ok(shown.includes(callsMessage), shown); }

    await save('Your OpenAI key', { 'Server URL': foreignCalls.url, 'OpenAI API key': TOKEN });
    assert.ok((await talk()).includes(callsMessage), 'the same in mode "Your OpenAI key"');

    await save('Your OpenAI key', { 'Server URL': forger.url, 'OpenAI API key': KEY });
    assert.match(await talk(), /pointed its call to another server\. Hark hung up and sent nothing there\./);
    ephemeral += 4;

    const keysSent = attacker.requests.slice(before).filter((r) => /Bearer ek_/.test(r.credentials)).length;
    console.log(`[attack] ephemeral keys sent to a foreign calls_url or Location: ${keysSent} of ${ephemeral}`);
    assert.equal(keysSent, 0);
    assert.deepEqual(attacker.requests.slice(before), [], 'the attacker heard nothing at all');
  });

  it('plain http off this computer: refused by the options page, and by the worker if it got into storage (figures printed)', async () => {
    const insecure = `http://example.test:${attacker.port}`;
    // Control: the browser maps example.test to the attacker, so a request Hark made would be seen.
    await h.page.evaluate((u) => fetch(`${u}/control`, { mode: 'no-cors' }).catch(() => {}), insecure);
    await waitFor(() => attacker.requests.some((r) => r.path === '/control' && r.host === `example.test:${attacker.port}`), { what: 'control request' });
    const before = attacker.requests.length;

    const fields = [['Your OpenAI key', 'Server URL'], ['Team token server', 'Token server URL'], ['Local server', 'Local server URL'], ['Azure OpenAI', 'Azure resource URL']];
    let accepted = 0;
    for (const [mode, field] of fields) {
      const text = await save(mode, { [field]: insecure }, /plain http/);
      assert.equal(text, `Hark does not send anything to ${insecure} over plain http: anyone on the network could read it. Use https://example.test:${attacker.port}, or http:// only for a server on this computer (localhost, 127.0.0.1).`);
      const { settings } = /** @type {any} */ (await h.b.sw.evaluate(() => chrome.storage.local.get('settings')));
      if (Object.values(settings).includes(insecure)) accepted++;
      await options.reload();
    }
    console.log(`[attack] plain-http URLs off this computer accepted by the options page: ${accepted} of ${fields.length}`);
    assert.equal(accepted, 0);

    // Defence in depth: settings (and a key record) that say otherwise, written past the options page.
    const forged = [
      { settings: { mode: 'openai', serverUrl: insecure }, apiKey: { value: KEY, origin: insecure, allowed: [insecure] } },
      { settings: { mode: 'local', localServerUrl: insecure } },
    ];
    for (const f of forged) {
      await h.b.sw.evaluate(async (f) => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ ...f, settings: { ...settings, ...f.settings } });
      }, f);
      assert.match(await talk(), /Hark does not send anything to http:\/\/example\.test:\d+ over plain http/);
    }
    const sent = attacker.requests.slice(before).length;
    console.log(`[attack] connections the worker made over plain http off this computer: ${sent} of ${forged.length}`);
    assert.equal(sent, 0);
  });
});
