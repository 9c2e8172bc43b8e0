// @ts-check
// Single sign-on, end to end (issue 19): a real local OpenID Connect provider (oidc-provider),
// the team token server verifying its JWT access tokens (server/token/auth-oidc.mjs) and the local
// Realtime server as "OpenAI", all on 127.0.0.1. The user signs in from Hark's options page
// ("Sign in with your organisation": chrome.identity.launchWebAuthFlow, code + PKCE, in the
// service worker), drives the provider's own login and consent pages in the window that opens,
// then talks with a key the token server minted on that sign-in. A token for another audience is
// refused with a clear message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { createTokenServer } from '../../server/token/token-server.mjs';
import { startOidcProvider, PUBLIC_CLIENT } from '../server/oidc-test-provider.mjs';
import { launchBrowser, triggerAction } from './harness.mjs';
import { extensionCopy, serveFixtures, waitForPanel } from './support.mjs';

/** @typedef {import('playwright-core').Page} Page */

describe('team mode: sign in with your organisation (OIDC)', () => {
  const TEAM_KEY = `sk-team-${crypto.randomBytes(12).toString('hex')}`;
  /** @type {any} */ let upstream;
  /** @type {any} */ let web;
  /** @type {ReturnType<typeof extensionCopy>} */ let ext;
  /** @type {Awaited<ReturnType<typeof launchBrowser>>} */ let b;
  /** @type {Awaited<ReturnType<typeof startOidcProvider>>} */ let op;
  /** @type {Awaited<ReturnType<typeof createTokenServer>>} */ let tokens;
  /** @type {Page} */ let article;
  /** @type {Page} */ let options;
  /** @type {string[]} */ const tokenLog = [];

  before(async () => {
    upstream = await createRealtimeServer({ apiKeys: [TEAM_KEY], control: true });
    web = await serveFixtures();
    ext = extensionCopy();
    // `identity` is an optional permission that the options page asks for; a headless browser cannot
    // answer that prompt, so the grant is made in this copy's manifest (permissions.request then
    // answers true at once, as it does for a user who allowed it before).
    const manifestPath = path.join(ext.path, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    assert.deepEqual(manifest.optional_permissions, ['identity']);
    manifest.permissions = [...manifest.permissions, 'identity'];
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    b = await launchBrowser({ extensionPath: ext.path });
    // The redirect URI the provider must register: chrome.identity.getRedirectURL() (docs/sso.md).
    const redirect = await b.sw.evaluate(() => chrome.identity.getRedirectURL());
    assert.equal(redirect, `https://${b.extensionId}.chromiumapp.org/`);
    op = await startOidcProvider({ users: [], groups: { alice: ['staff'] }, redirectUris: [redirect] });
    tokens = await createTokenServer({
      upstreamUrl: upstream.url,
      openaiApiKey: TEAM_KEY,
      users: [],
      oidc: { issuer: op.issuer, audience: op.audience, groupPolicies: { staff: { maxSessionMinutes: 1 } } },
      log: (l) => tokenLog.push(l),
    });
    article = await b.ctx.newPage();
    await article.goto(web.url('article.html'));
  });

  after(async () => {
    await b?.close();
    ext?.remove();
    await tokens?.close();
    await op?.stop();
    await web?.close();
    await upstream?.close();
  });

  /** Clicks "Sign in with your organisation" and signs in as `user` on the provider's own pages. */
  async function signIn(user, audience) {
    await options.getByLabel('Audience (optional)').fill(audience);
    const authWindow = b.ctx.waitForEvent('page', { predicate: (p) => p.url().startsWith(op.issuer), timeout: 60_000 });
    await options.getByRole('button', { name: 'Sign in with your organisation' }).click();
    const auth = await authWindow;
    // The provider's login page (first time only: afterwards its session cookie signs in), then consent.
    await auth.waitForLoadState();
    if (await auth.locator('input[name="login"]').count()) {
      await auth.locator('input[name="login"]').fill(user);
      await auth.locator('input[name="password"]').fill('any password');
      await auth.locator('button[type="submit"]').click();
    }
    await auth.getByRole('button', { name: 'Continue' }).click({ timeout: 60_000 });
    const done = options.locator('[data-sign-in]:not([data-sign-in="busy"])');
    await done.waitFor({ timeout: 60_000 });
    return { outcome: await done.getAttribute('data-sign-in'), text: (await done.textContent()) ?? '' };
  }

  it('signs in through launchWebAuthFlow and talks with a key minted on that sign-in', async () => {
    options = await b.ctx.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.getByRole('radio', { name: 'Team token server', exact: true }).check();
    await options.getByLabel('Token server URL', { exact: true }).fill(tokens.url);
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await options.getByText('Saved.').waitFor();
    await options.getByLabel('Issuer URL').fill(op.issuer);
    await options.getByLabel('Client ID').fill(PUBLIC_CLIENT);

    const r = await signIn('alice', op.audience);
    assert.equal(r.outcome, 'ok', r.text);
    assert.match(r.text, new RegExp(`Signed in as alice\\. Hark sends this sign-in only to ${new URL(tokens.url).origin.replace(/[.:/]/g, '\\$&')}`));
    await options.locator('[data-signed-in="alice"]').waitFor();
    // The page learnt who, never the token: nothing token-like is in the page.
    assert.doesNotMatch(await options.content(), /eyJ[\w-]{10,}\./);

    // The token server routes calls to the upstream (another port here): allow it once, as in keys.test.mjs.
    await options.getByRole('button', { name: 'Test connection' }).click();
    const upstreamOrigin = new URL(upstream.url).origin;
    await options.getByRole('button', { name: `Allow calls to ${upstreamOrigin}` }).click({ timeout: 60_000 });
    await options.getByText(`Calls may now go to ${upstreamOrigin}.`).waitFor();

    await triggerAction(b.ctx, b.extensionId, article);
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'live' || p.status === 'error', 'live session', 60_000);
    assert.equal(panel.status, 'live', JSON.stringify(panel));
    assert.ok(tokens.state.usage.alice.minted >= 1, 'the token server minted for the OIDC user');
    // The staff group's policy (1-minute sessions) applied to the key.
    const key = upstream.state.clientSecrets.at(-1);
    assert.equal(key.expiresAt - Math.floor(Date.parse(key.createdAt) / 1000), 60);
    assert.equal(upstream.state.calls.at(-1).auth, 'ephemeral');
    await triggerAction(b.ctx, b.extensionId, article);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped', 60_000);
  });

  it('an expiring sign-in is renewed with the refresh token; without one the user is told to sign in again', async () => {
    /** Moves the sign-in's expiry into the past (and drops the refresh token if asked), as time would. */
    const expire = (dropRefresh) =>
      b.sw.evaluate(async (drop) => {
        const { ssoSession } = await chrome.storage.local.get('ssoSession');
        const had = typeof ssoSession.refreshToken === 'string';
        await chrome.storage.local.set({ ssoSession: { ...ssoSession, expiresAt: Date.now() - 1000, ...(drop ? { refreshToken: undefined } : {}) } });
        return had;
      }, dropRefresh);
    const tokenBefore = await b.sw.evaluate(async () => (await chrome.storage.local.get('tokenServerToken')).tokenServerToken.value);
    assert.equal(await expire(false), true, 'the provider issued a refresh token (offline_access)');
    await triggerAction(b.ctx, b.extensionId, article);
    const live = await waitForPanel(b.ctx, (p) => p.status === 'live' || p.status === 'error', 'live after renewal', 60_000);
    assert.equal(live.status, 'live', JSON.stringify(live));
    const tokenAfter = await b.sw.evaluate(async () => (await chrome.storage.local.get('tokenServerToken')).tokenServerToken.value);
    assert.notEqual(tokenAfter, tokenBefore, 'a new access token');
    await triggerAction(b.ctx, b.extensionId, article);
    await waitForPanel(b.ctx, (p) => p.status === 'idle', 'stopped', 60_000);

    await expire(true);
    await triggerAction(b.ctx, b.extensionId, article);
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'error', 'expired sign-in', 60_000);
    assert.match(panel.error ?? '', /Your organisation sign-in has expired\. Sign in again in Hark's settings/);
  });

  it('a sign-in token for another audience is refused by the token server with a clear message', async () => {
    const minted = tokens.state.usage.alice?.minted ?? 0;
    const r = await signIn('alice', 'https://other.test/api');
    assert.equal(r.outcome, 'ok', r.text); // the provider issued it; the token server must refuse it
    await triggerAction(b.ctx, b.extensionId, article);
    // The previous test's error may still be showing when this start begins: wait for this one's.
    const panel = await waitForPanel(b.ctx, (p) => p.status === 'error' && /wrong audience/.test(p.error ?? ''), 'wrong-audience error shown', 60_000);
    assert.match(panel.error ?? '', /issued for another service, not this token server \(wrong audience\)/);
    assert.equal(tokens.state.usage.alice?.minted ?? 0, minted, 'nothing minted');
    assert.ok(tokenLog.some((l) => /user=- status=401/.test(l)));

    // Sign out forgets the tokens: the next start says no access token is saved.
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.getByText('Signed out.').waitFor();
    assert.equal(await options.locator('[data-signed-in]').count(), 0);
    await triggerAction(b.ctx, b.extensionId, article);
    const after = await waitForPanel(b.ctx, (p) => p.status === 'error' && /No access token/.test(p.error ?? ''), 'no token after sign-out', 60_000);
    assert.match(after.error ?? '', /No access token is saved for the token server/);
  });
});
