/**
 * "Sign in with your organisation" (team mode), in the service worker: OpenID Connect
 * authorization code + PKCE through `chrome.identity.launchWebAuthFlow`, with `redirect_uri` =
 * `chrome.identity.getRedirectURL()`. The access token is stored exactly like a typed-in token
 * server access token (lib/state/secrets.ts, bound to the token server's origin by
 * lib/secret-origin.ts), so the mint path and every origin rule stay the same; the refresh token
 * (if the provider gives one) stays here too and never leaves the worker except to the provider's
 * token endpoint. Pages only learn who is signed in and until when. See docs/sso.md.
 */
import { secretItems, ssoItem, type SsoSession } from '@/lib/state/secrets';
import { settingsItem } from '@/lib/state/storage';
import { withDefaults } from '@/lib/settings';
import { secretTargetUrl } from '@/lib/connection';
import { bindSecret, safeOrigin, transportProblem } from '@/lib/secret-origin';
import type { SignInConfig, SignInStatus } from '@/lib/sign-in-types';
import { t } from '@/lib/i18n';

const tokenItem = secretItems['token-server'];

/** Renew this long before expiry, so a token is never sent in its last seconds. */
const RENEW_MARGIN_MS = 60_000;
export const expiredMessage = () => t('signIn.expired');

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const sha256 = async (s: string) => b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))));

/** `sub` of a JWT, for display only (the token server verifies; Hark never trusts this for access). */
function subjectOf(jwt: string): string | undefined {
  try {
    const part = jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const sub = (JSON.parse(atob(part)) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

async function discover(issuer: string): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { redirect: 'error' });
  if (!res.ok) throw new Error(t('signIn.noConfig', { issuer, status: res.status }));
  const doc = (await res.json()) as { issuer?: unknown; authorization_endpoint?: unknown; token_endpoint?: unknown };
  // Compared without a trailing slash: Auth0's issuer has one, most others do not.
  if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) throw new Error(t('signIn.otherIssuer', { issuer }));
  for (const url of [doc.authorization_endpoint, doc.token_endpoint]) {
    if (typeof url !== 'string' || transportProblem(url)) throw new Error(t('signIn.badEndpoint', { issuer }));
  }
  return doc as { authorization_endpoint: string; token_endpoint: string };
}

type TokenResponse = { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown; error?: unknown; error_description?: unknown };

async function tokenRequest(endpoint: string, params: Record<string, string>): Promise<TokenResponse> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params), redirect: 'error' });
  return ((await res.json().catch(() => ({}))) ?? {}) as TokenResponse;
}

/** Saves the tokens of a token response; an error message if it has no access token. */
async function keep(session: SsoSession, r: TokenResponse, origin: string, renewal = false): Promise<string | null> {
  if (typeof r.access_token !== 'string' || !r.access_token) {
    const why = typeof r.error_description === 'string' ? r.error_description : typeof r.error === 'string' ? r.error : 'no access token';
    return t('signIn.noToken', { reason: why.slice(0, 200) });
  }
  const expiresIn = Number(r.expires_in);
  const bound = bindSecret(r.access_token, origin);
  // A renewal keeps the origins the user confirmed for this sign-in; a new sign-in starts afresh.
  const before = renewal ? await tokenItem.getValue() : null;
  const allowed = before && typeof before === 'object' && before.origin === origin ? before.allowed : bound.allowed;
  await tokenItem.setValue({ ...bound, allowed });
  await ssoItem.setValue({
    ...session,
    origin,
    user: subjectOf(r.access_token),
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined,
    refreshToken: typeof r.refresh_token === 'string' ? r.refresh_token : session.refreshToken,
  });
  return null;
}

/** The token server origin the saved settings name (the only place the access token may go). */
async function tokenServerOrigin(): Promise<string | null> {
  const url = secretTargetUrl('token-server', withDefaults(await settingsItem.getValue()));
  return url ? safeOrigin(url) : null;
}

/** Runs the whole sign-in; the answer is a sentence for the options page. */
export async function signIn(input: SignInConfig): Promise<{ ok: boolean; message: string }> {
  const config = { issuer: String(input?.issuer ?? '').trim(), clientId: String(input?.clientId ?? '').trim(), audience: String(input?.audience ?? '').trim() };
  const origin = await tokenServerOrigin();
  if (!origin) return { ok: false, message: t('signIn.saveServerFirst') };
  if (!config.issuer || !config.clientId) return { ok: false, message: t('signIn.needConfig') };
  const bad = transportProblem(config.issuer);
  if (bad) return { ok: false, message: bad };
  // `identity` is an optional permission, granted from the options page's click.
  if (!chrome.identity?.launchWebAuthFlow) return { ok: false, message: t('signIn.needWindow') };
  try {
    const { authorization_endpoint, token_endpoint } = await discover(config.issuer);
    const redirectUri = chrome.identity.getRedirectURL();
    const verifier = random(48);
    const state = random(16);
    const auth = new URL(authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri, scope: 'openid offline_access',
      state, code_challenge: await sha256(verifier), code_challenge_method: 'S256', prompt: 'consent',
    };
    if (config.audience) Object.assign(params, { resource: config.audience, audience: config.audience });
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    let back: string | undefined;
    try {
      back = await chrome.identity.launchWebAuthFlow({ url: auth.toString(), interactive: true });
    } catch (e) {
      return { ok: false, message: t('signIn.didNotFinish', { reason: e instanceof Error ? e.message : String(e) }) };
    }
    const answer = new URL(back ?? '').searchParams;
    if (answer.get('state') !== state) return { ok: false, message: t('signIn.wrongState') };
    const code = answer.get('code');
    if (!code) return { ok: false, message: t('signIn.refused', { reason: (answer.get('error_description') ?? answer.get('error') ?? 'no code').slice(0, 200) }) };
    const tokens = await tokenRequest(token_endpoint, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: config.clientId, code_verifier: verifier });
    const problem = await keep({ config, tokenEndpoint: token_endpoint }, tokens, origin);
    if (problem) return { ok: false, message: problem };
    const user = (await ssoItem.getValue())?.user;
    return { ok: true, message: user ? t('signIn.doneAs', { user, origin }) : t('signIn.done', { origin }) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

export async function signInStatus(): Promise<SignInStatus> {
  const s = await ssoItem.getValue();
  const signedIn = !!s?.origin && !!(await tokenItem.getValue());
  return { config: s?.config ?? null, user: signedIn ? (s?.user ?? null) : null, expiresAt: signedIn ? (s?.expiresAt ?? null) : null, origin: signedIn ? (s?.origin ?? null) : null };
}

/** Forgets the tokens (keeps the issuer and client ID, which are not secret). */
export async function signOut(): Promise<void> {
  const s = await ssoItem.getValue();
  if (!s) return;
  await ssoItem.setValue({ config: s.config });
  await tokenItem.removeValue();
}

/**
 * Before a mint in team mode: renews a signed-in access token that is about to expire (with the
 * refresh token) and says so when it cannot (null: nothing to do, or renewed). Static tokens
 * typed in by hand have no session here and are left alone.
 */
export async function renewSignIn(): Promise<string | null> {
  const s = await ssoItem.getValue();
  if (!s?.origin || !s.expiresAt || s.expiresAt - RENEW_MARGIN_MS > Date.now()) return null;
  if (!(await tokenItem.getValue())) return null;
  if (!s.refreshToken || !s.tokenEndpoint) return expiredMessage();
  const r = await tokenRequest(s.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: s.config.clientId }).catch(() => ({}) as TokenResponse);
  if (await keep(s, r, s.origin, true)) {
    await ssoItem.setValue({ ...s, refreshToken: undefined });
    return expiredMessage();
  }
  return null;
}
