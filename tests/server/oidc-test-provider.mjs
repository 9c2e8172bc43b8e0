// @ts-check
/**
 * A real local OpenID Connect provider for tests (`oidc-provider`, in memory, 127.0.0.1 only) that
 * issues RFC 9068 JWT access tokens with a `groups` claim:
 * - `client_credentials` for one confidential client per test user (`sub` = the client id);
 * - authorization code + PKCE for the public client `hark-extension` (what Hark's service worker
 *   uses through `chrome.identity.launchWebAuthFlow`), with the provider's own login and consent
 *   pages (devInteractions: any user name with any password signs in).
 * `stop()` ends it; it also stops itself after `lifetimeMs` so a crashed test cannot leave it behind.
 */
import http from 'node:http';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

export const AUDIENCE = 'https://hark.test/token-server';
export const PUBLIC_CLIENT = 'hark-extension';

/**
 * @param {{ audience?: string, users?: string[], groups?: Record<string, string[]>, ttl?: number,
 *   redirectUris?: string[], kid?: string, lifetimeMs?: number, allowedOrigins?: string[] }} [o]
 */
export async function startOidcProvider(o = {}) {
  const { audience = AUDIENCE, users = ['alice', 'bob'], groups = {}, ttl = 300, redirectUris = [], kid = 'test-1', lifetimeMs = 10 * 60_000 } = o;
  const server = http.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  // The issuer names the real port, so the server listens first.
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      ...users.map((u) => ({
        client_id: u, client_secret: `${u}-secret`, grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
      })),
      ...(redirectUris.length
        ? [{ client_id: PUBLIC_CLIENT, token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: redirectUris }]
        : []),
    ],
    jwks: { keys: [jwk] },
    ttl: { ClientCredentials: ttl, AccessToken: ttl },
    scopes: ['openid', 'offline_access', 'token:mint'],
    // The extension's fetches (discovery, token endpoint) come from its chrome-extension:// origin.
    clientBasedCORS: (/** @type {unknown} */ _ctx, /** @type {string} */ origin) => (o.allowedOrigins ?? []).includes(origin) || origin.startsWith('chrome-extension://'),
    extraTokenClaims: (/** @type {unknown} */ _ctx, /** @type {{ accountId?: string, clientId?: string }} */ token) => {
      const who = token.accountId ?? token.clientId ?? '';
      return { groups: groups[who] ?? [] };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        // JWT access tokens need a resource server; without this the tokens are opaque.
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (/** @type {unknown} */ _ctx, /** @type {string} */ resource) => ({
          audience: resource, scope: 'token:mint', accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  provider.on('server_error', (/** @type {unknown} */ _ctx, /** @type {Error} */ err) => console.error('oidc-provider server_error', err));
  server.on('request', provider.callback());
  const lifetime = setTimeout(() => void stop(), lifetimeMs);
  lifetime.unref();
  let stopped = false;
  function stop() {
    if (stopped) return Promise.resolve();
    stopped = true;
    clearTimeout(lifetime);
    return new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r(undefined));
    });
  }

  return {
    issuer,
    audience,
    jwk,
    privateKey,
    /** A client_credentials access token for `user` (extra form fields: e.g. `resource` for another audience). */
    async token(/** @type {string} */ user, /** @type {Record<string, string>} */ extra = {}) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: user, client_secret: `${user}-secret`, scope: 'token:mint', ...extra }),
      });
      const json = /** @type {{ access_token?: string, error?: string, error_description?: string }} */ (await res.json());
      if (!json.access_token) throw new Error(`oidc test provider: no token for ${user}: ${json.error} ${json.error_description ?? ''}`);
      return json.access_token;
    },
    stop,
  };
}
