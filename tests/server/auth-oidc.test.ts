// @vitest-environment node
/**
 * OIDC access tokens against a real local provider (oidc-provider on 127.0.0.1): a good token
 * gives the user and groups; every class of bad token is refused with its reason; per-group
 * policies; and the token server minting with an OIDC token (and refusing a wrong-audience one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT, base64url, exportSPKI, generateKeyPair } from 'jose';
import { createOidcAuth, mergePolicy } from '../../server/token/auth-oidc.mjs';
import { createTokenServer } from '../../server/token/token-server.mjs';
import { loadConfig } from '../../server/token/config.mjs';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { startOidcProvider } from './oidc-test-provider.mjs';
import { postJson } from './helpers';

type Op = Awaited<ReturnType<typeof startOidcProvider>>;
const GROUPS = { alice: ['staff', 'hark-users'], bob: ['contractors'], carol: [] };

describe('OIDC access tokens (auth-oidc.mjs)', () => {
  let op: Op;
  let other: Op;
  let auth: ReturnType<typeof createOidcAuth>;

  beforeAll(async () => {
    op = await startOidcProvider({ users: ['alice', 'bob', 'carol'], groups: GROUPS });
    // Another provider, same kid, other key: its tokens must not verify against op's JWKS.
    other = await startOidcProvider({ users: ['alice'] });
    auth = createOidcAuth({ issuer: op.issuer, audience: op.audience, groupPolicies: { staff: { model: 'gpt-realtime-mini', maxSessionMinutes: 30 } } });
  });
  afterAll(async () => {
    await op?.stop();
    await other?.stop();
  });

  /** A token signed with op's own private key, with chosen header and claims. */
  const forge = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT({ sub: 'alice', groups: ['staff'], iss: op.issuer, aud: op.audience, iat: now(), exp: now() + 300, ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'test-1', ...header })
      .sign(op.privateKey);
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a good token (discovering jwks_uri from the issuer) with user and groups', async () => {
    const token = await op.token('alice');
    expect(await auth.verify(token)).toEqual({ user: 'alice', groups: ['staff', 'hark-users'], policy: { model: 'gpt-realtime-mini', maxSessionMinutes: 30 } });
    expect(await auth.verify(await op.token('bob'))).toEqual({ user: 'bob', groups: ['contractors'], policy: null });
    // An explicit jwksUrl works too.
    const direct = createOidcAuth({ issuer: op.issuer, audience: op.audience, jwksUrl: `${op.issuer}/jwks` });
    expect((await direct.verify(token))?.user).toBe('alice');
    // Our own forge helper makes valid tokens (so the refusals below are about the one thing changed).
    expect((await auth.check(await forge({}))).ok).toBe(true);
  });

  it('refuses each class of bad token, with its reason', async () => {
    const reason = async (t: string | null) => {
      const r = await auth.check(t);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(await reason(null)).toBe('missing');
    expect(await reason('abc.def.ghi')).toBe('malformed');
    expect(await reason('not-a-jwt')).toBe('malformed');
    // alg: none (unsigned), with the right claims.
    const none = new UnsecuredJWT({ sub: 'alice', groups: ['staff'] }).setIssuer(op.issuer).setAudience(op.audience).setExpirationTime('5m').encode();
    expect(await reason(none)).not.toBe('accepted');
    // HS256 "signed" with the IdP's public key (the classic key-confusion attack).
    const spki = await exportSPKI((await generateKeyPair('RS256', { extractable: true })).publicKey);
    const publicPem = new TextEncoder().encode(spki);
    const hs = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'test-1' }).setIssuer(op.issuer).setAudience(op.audience).setExpirationTime('5m').sign(publicPem);
    expect(await reason(hs)).toBe('algorithm');
    // Signed by another provider's key (same kid), and a self-made key with the right claims.
    expect(await reason(await other.token('alice'))).toBe('signature');
    const stranger = await generateKeyPair('RS256');
    const selfMade = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'test-1' }).setIssuer(op.issuer).setAudience(op.audience).setExpirationTime('5m').sign(stranger.privateKey);
    expect(await reason(selfMade)).toBe('signature');
    // A tampered payload on a genuine token.
    const [h, , s] = (await op.token('bob')).split('.');
    const tampered = `${h}.${base64url.encode(JSON.stringify({ sub: 'alice', iss: op.issuer, aud: op.audience, exp: 9e9, groups: ['staff'] }))}.${s}`;
    expect(await reason(tampered)).toBe('signature');
    // Right key, wrong audience (minted by the real provider for another resource), wrong issuer.
    expect(await reason(await op.token('alice', { resource: 'https://other.test/api' }))).toBe('audience');
    expect(await reason(await forge({ iss: 'https://evil.test' }))).toBe('issuer');
    // Expired beyond the clock tolerance (5 s).
    expect(await reason(await forge({ exp: Math.floor(Date.now() / 1000) - 60 }))).toBe('expired');
    // An ID token (typ JWT) is not an access token; a token without sub names nobody.
    expect(await reason(await forge({}, { typ: 'JWT' }))).toBe('type');
    expect(await reason(await forge({ sub: undefined }))).toBe('claims');
  });

  it('allowedGroups: a user in none of them is refused', async () => {
    const gated = createOidcAuth({ issuer: op.issuer, audience: op.audience, allowedGroups: ['hark-users'] });
    expect((await gated.check(await op.token('alice'))).ok).toBe(true);
    expect(await gated.check(await op.token('bob'))).toEqual({ ok: false, reason: 'group' });
    expect(await gated.check(await op.token('carol'))).toEqual({ ok: false, reason: 'group' });
  });

  it('an unreachable provider is "provider", and a verifier without asymmetric algorithms is refused at start', async () => {
    const down = createOidcAuth({ issuer: 'http://127.0.0.1:9', audience: op.audience, fetchTimeoutMs: 1000 });
    expect(await down.check(await op.token('alice'))).toEqual({ ok: false, reason: 'provider' });
    expect(() => createOidcAuth({ issuer: op.issuer, audience: op.audience, algorithms: ['HS256'] })).toThrow(/asymmetric/);
    expect(() => createOidcAuth({ issuer: 'http://idp.example.com', audience: 'x' })).toThrow(/https/);
  });

  it('group policies: config order is priority; fields map onto the session policy', () => {
    const a = createOidcAuth({ issuer: op.issuer, audience: op.audience, groupPolicies: { admins: { model: 'a' }, staff: { model: 'b' } } });
    expect(a.policyFor(['staff', 'admins'])).toEqual({ model: 'a' });
    expect(a.policyFor(['nobody'])).toBeNull();
    const base = { model: 'gpt-realtime', instructionsPrefix: 'Be brief.', maxDurationSeconds: 600 };
    expect(mergePolicy(base, { model: 'm', maxSessionMinutes: 30 })).toEqual({ model: 'm', instructionsPrefix: 'Be brief.', maxDurationSeconds: 1800 });
    expect(mergePolicy(base, null)).toBe(base);
  });
});

describe('token server with OIDC sign-in', () => {
  const TEAM_KEY = 'sk-team-upstream-key-0123456789';
  let op: Op;
  let upstream: Awaited<ReturnType<typeof createRealtimeServer>>;
  let tokens: Awaited<ReturnType<typeof createTokenServer>>;
  const logs: string[] = [];
  const body = { session: { type: 'realtime', instructions: 'Page: x' } };

  beforeAll(async () => {
    op = await startOidcProvider({ users: ['alice', 'bob'], groups: GROUPS });
    upstream = await createRealtimeServer({ apiKeys: [TEAM_KEY], control: true });
    const config = loadConfig({
      env: { OPENAI_API_KEY: TEAM_KEY, HARK_UPSTREAM_URL: upstream.url, PORT: '0', HARK_OIDC_ISSUER: op.issuer, HARK_OIDC_AUDIENCE: op.audience },
      argv: [],
      readFile: () => '',
    });
    tokens = await createTokenServer({ ...config, oidc: { ...config.oidc!, groupPolicies: { staff: { maxSessionMinutes: 2 } } }, log: (l) => logs.push(l) });
  });
  afterAll(async () => {
    await tokens?.close();
    await upstream?.close();
    await op?.stop();
  });

  it('mints for an OIDC user (no static users configured) under the group policy', async () => {
    const { res, json } = await postJson(`${tokens.url}/v1/realtime/client_secrets`, body, await op.token('alice'));
    expect(res.status).toBe(200);
    expect(json!.value).toMatch(/^ek_/);
    expect(json!.expires_at - Date.now() / 1000).toBeLessThanOrEqual(121); // staff: 2 minutes
    const bob = await postJson(`${tokens.url}/v1/realtime/client_secrets`, body, await op.token('bob'));
    expect(bob.res.status).toBe(200);
    expect(bob.json!.expires_at - Date.now() / 1000).toBeGreaterThan(500); // no group policy: the server's 600 s
    expect(tokens.state.usage.alice.minted).toBe(1);
    expect(logs.some((l) => /user=alice status=200/.test(l))).toBe(true);
  });

  it('refuses a token for another audience with a clear 401, and logs no token', async () => {
    const token = await op.token('alice', { resource: 'https://other.test/api' });
    const { res, json, text } = await postJson(`${tokens.url}/v1/realtime/client_secrets`, body, token);
    expect(res.status).toBe(401);
    expect(json!.error.message).toMatch(/issued for another service.*wrong audience/);
    expect(text).not.toContain(token);
    expect(logs.join('\n')).not.toContain(token.slice(0, 40));
  });

  it('config: OIDC is optional, and needs both issuer and audience', () => {
    const base = { OPENAI_API_KEY: 'k', HARK_TOKEN_USERS: 'a=tok' };
    expect(loadConfig({ env: base, argv: [], readFile: () => '' }).oidc).toBeUndefined();
    expect(() => loadConfig({ env: { ...base, HARK_OIDC_ISSUER: op.issuer }, argv: [], readFile: () => '' })).toThrow(/HARK_OIDC_AUDIENCE/);
    const c = loadConfig({ env: { ...base, HARK_OIDC_ISSUER: op.issuer, HARK_OIDC_AUDIENCE: 'a', HARK_OIDC_ALLOWED_GROUPS: 'x, y' }, argv: [], readFile: () => '' });
    expect(c.oidc).toMatchObject({ issuer: op.issuer, audience: 'a', allowedGroups: ['x', 'y'] });
  });
});
