// @ts-check
/**
 * Single sign-on for the token server: OIDC/JWT access tokens (RFC 9068) verified against the
 * identity provider's JWKS with `jose`. Runtime-neutral (fetch + WebCrypto only), so the same file
 * serves the Node server today and the Hono/Workers rewrite later, as the optional verifier of the
 * auth chain: `verify(bearer) → { user, groups, policy } | null`.
 *
 * What is refused (each is a test in tests/server/auth-oidc.test.ts): no or malformed token,
 * `alg: none`, HS* (a symmetric "key" would be the IdP's *public* key), any algorithm outside
 * `algorithms`, a signature by another key, wrong `iss`, wrong `aud`, expired (beyond
 * `clockTolerance`), `typ` other than `at+jwt` (so an ID token is not a bearer token), no `sub`,
 * and — with `allowedGroups` — a user in none of them.
 *
 * Per-group policy: `groupPolicies: { [group]: { model?, maxSessionMinutes?, instructionsPrefix? } }`.
 * The FIRST group in `groupPolicies`' own order that the user belongs to wins (config order is
 * priority, not the order the IdP lists groups in), and its fields override the server's session
 * policy (policy.mjs `SessionPolicy`): model → `model`, maxSessionMinutes × 60 →
 * `maxDurationSeconds` (still clamped by policy.mjs to 10…7200 s), instructionsPrefix →
 * `instructionsPrefix`. `mergePolicy(base, oidcResult.policy)` does that merge.
 */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

/** @typedef {{ model?: string, maxSessionMinutes?: number, instructionsPrefix?: string }} GroupPolicy */
/**
 * @typedef {{
 *   issuer: string, audience: string | string[], jwksUrl?: string, groupsClaim?: string, userClaim?: string,
 *   allowedGroups?: string[], groupPolicies?: Record<string, GroupPolicy>, clockTolerance?: number,
 *   algorithms?: string[], accessTokenType?: string | null, fetchTimeoutMs?: number,
 * }} OidcAuthOptions
 * @typedef {{ user: string, groups: string[], policy: GroupPolicy | null }} OidcUser
 * @typedef {'missing' | 'malformed' | 'expired' | 'audience' | 'issuer' | 'signature' | 'algorithm' | 'type' | 'claims' | 'group' | 'provider'} RejectReason
 * @typedef {({ ok: true } & OidcUser) | { ok: false, reason: RejectReason }} OidcCheck
 */

/** Asymmetric only: with a JWKS, an HS* token would be "signed" with the IdP's public key. */
export const DEFAULT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** For the client: why its token was refused, without echoing anything from the token. */
export const REJECT_MESSAGE = /** @type {Record<RejectReason, string>} */ ({
  missing: "You didn't provide an access token.",
  malformed: 'That access token is not a valid sign-in token.',
  expired: "Your organisation sign-in has expired. Sign in again in Hark's settings.",
  audience: "That sign-in token was issued for another service, not this token server (wrong audience). Sign in again in Hark's settings; if it persists, ask your administrator to check the audience.",
  issuer: 'That sign-in token comes from another identity provider than the one this token server trusts.',
  signature: 'That sign-in token is not signed by your identity provider.',
  algorithm: 'That sign-in token uses a signing algorithm this token server does not accept.',
  type: 'That is not an access token (an ID token cannot be used here).',
  claims: 'That sign-in token lacks a required claim.',
  group: 'Your account is not in a group allowed to use Hark. Ask your administrator.',
  provider: 'The token server could not reach your identity provider to check your sign-in. Try again shortly.',
});

/** http: only for this computer; everything else must be https. @param {string} url */
function checkUrl(url, /** @type {string} */ what) {
  const u = new URL(url);
  const loopback = u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\./.test(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new Error(`oidc: ${what} must be https (got ${u.origin})`);
  return u;
}

/** A claim by exact name (`https://example.com/groups`), else by dotted path (`realm_access.roles`). */
function claim(/** @type {Record<string, unknown>} */ payload, /** @type {string} */ name) {
  if (Object.hasOwn(payload, name)) return payload[name];
  /** @type {unknown} */
  let v = payload;
  for (const part of name.split('.')) v = v && typeof v === 'object' && Object.hasOwn(v, part) ? /** @type {any} */ (v)[part] : undefined;
  return v;
}

/** Groups as strings: an array of strings, or one space-separated string. @param {unknown} v */
function asGroups(v) {
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
  return Array.isArray(v) ? v.filter((g) => typeof g === 'string') : [];
}

/** jose's error → our reason. @param {unknown} err @returns {RejectReason} */
function reasonOf(err) {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'audience';
    if (err.claim === 'iss') return 'issuer';
    if (err.claim === 'typ') return 'type';
    return 'claims';
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return 'algorithm';
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return 'signature';
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || (err instanceof Error && err.name === 'TypeError')) return 'provider';
  return 'malformed';
}

/** @param {OidcAuthOptions} options */
export function createOidcAuth(options) {
  const { issuer, audience, groupsClaim = 'groups', userClaim = 'sub', allowedGroups, groupPolicies = {}, clockTolerance = 5 } = options;
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  const typ = options.accessTokenType === undefined ? 'at+jwt' : options.accessTokenType;
  const timeoutDuration = options.fetchTimeoutMs ?? 3000;
  if (!issuer || !audience || (Array.isArray(audience) && !audience.length)) throw new Error('oidc: issuer and audience are required');
  checkUrl(issuer, 'issuer');
  if (algorithms.some((a) => a === 'none' || /^HS/.test(a))) throw new Error('oidc: only asymmetric algorithms can be checked against a JWKS');
  if (options.jwksUrl) checkUrl(options.jwksUrl, 'jwksUrl');

  /** @type {Promise<ReturnType<typeof createRemoteJWKSet>> | null} */
  let keySet = null;
  /** The JWKS, from `jwksUrl` or the discovery document's `jwks_uri` (fetched once; a failure is retried next time). */
  function keys() {
    keySet ??= (async () => {
      let url = options.jwksUrl;
      if (!url) {
        const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutDuration), redirect: 'error' });
        if (!res.ok) throw new errors.JWKSInvalid(`discovery: HTTP ${res.status}`);
        const doc = /** @type {{ issuer?: unknown, jwks_uri?: unknown }} */ (await res.json());
        // OpenID Connect Discovery §4.3: the document must name the very issuer it was fetched for.
        if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') throw new errors.JWKSInvalid('discovery: issuer mismatch or no jwks_uri');
        url = checkUrl(doc.jwks_uri, 'jwks_uri').toString();
      }
      return createRemoteJWKSet(new URL(url), { timeoutDuration, cooldownDuration: 30_000 });
    })();
    keySet.catch(() => (keySet = null));
    return keySet;
  }

  /** @param {string[]} groups @returns {GroupPolicy | null} */
  function policyFor(groups) {
    for (const [group, policy] of Object.entries(groupPolicies)) if (groups.includes(group)) return policy;
    return null;
  }

  /** @param {string | null | undefined} bearer @returns {Promise<OidcCheck>} */
  async function check(bearer) {
    if (!bearer) return { ok: false, reason: 'missing' };
    if (bearer.split('.').length !== 3) return { ok: false, reason: 'malformed' };
    let payload;
    try {
      const jwks = await keys();
      ({ payload } = await jwtVerify(bearer, jwks, { issuer, audience, algorithms, clockTolerance, ...(typ ? { typ } : {}), requiredClaims: ['exp'] }));
    } catch (err) {
      return { ok: false, reason: reasonOf(err) };
    }
    const user = claim(payload, userClaim);
    if (typeof user !== 'string' || !user) return { ok: false, reason: 'claims' };
    const groups = asGroups(claim(payload, groupsClaim));
    if (allowedGroups?.length && !groups.some((g) => allowedGroups.includes(g))) return { ok: false, reason: 'group' };
    return { ok: true, user, groups, policy: policyFor(groups) };
  }

  return {
    check,
    /** The pluggable-chain form: the user, or null for any refusal. @param {string | null | undefined} bearer @returns {Promise<OidcUser | null>} */
    async verify(bearer) {
      const r = await check(bearer);
      return r.ok ? { user: r.user, groups: r.groups, policy: r.policy } : null;
    },
    policyFor,
  };
}

/**
 * The server's session policy with a group's fields laid over it (see the header).
 * @param {import('./policy.mjs').SessionPolicy} base @param {GroupPolicy | null | undefined} group
 * @returns {import('./policy.mjs').SessionPolicy}
 */
export function mergePolicy(base, group) {
  if (!group) return base;
  return {
    ...base,
    ...(group.model ? { model: group.model } : {}),
    ...(group.instructionsPrefix !== undefined ? { instructionsPrefix: group.instructionsPrefix } : {}),
    ...(group.maxSessionMinutes !== undefined ? { maxDurationSeconds: Math.round(group.maxSessionMinutes * 60) } : {}),
  };
}

/**
 * The token server's verifier (auth.mjs chain): an OIDC access token becomes the user and groups
 * it names, with its group's session fields; a token that is a JWT but fails a check is refused
 * with the reason's sentence (never the token). Not a JWT at all: not ours, the chain goes on.
 * @param {OidcAuthOptions} options @param {import('./policy.mjs').SessionPolicy} base
 * @returns {import('./auth.mjs').Verifier}
 */
export function oidcVerifier(options, base) {
  const oidc = createOidcAuth(options);
  return {
    name: 'oidc',
    async verify(bearer, refuse) {
      const r = await oidc.check(bearer);
      if (r.ok) {
        const group = mergePolicy(base, r.policy);
        return { user: r.user, groups: r.groups, ...(r.policy ? { session: group } : {}) };
      }
      if (r.reason !== 'malformed' && r.reason !== 'missing') refuse?.({ message: REJECT_MESSAGE[r.reason], code: r.reason === 'expired' ? 'token_expired' : 'invalid_api_key' });
      return null;
    },
  };
}
