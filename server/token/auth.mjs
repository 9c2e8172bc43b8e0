// @ts-check
/**
 * Who is asking: a chain of verifiers, each `verify(bearer) → { user, groups } | null`, tried in
 * order; the first identity wins. Static per-user tokens are the built-in verifier; an OIDC/JWT
 * verifier (server/token/auth-oidc.mjs, when present) is appended after it. Runtime-neutral
 * (WebCrypto only) so the same code runs on Node and on Workers.
 *
 * Static tokens are kept only as SHA-256 digests and compared in constant time against every
 * user, so a lookup neither leaks which user is near nor how many bytes matched.
 */

/** @typedef {{ user: string, groups: string[], session?: import('./policy.mjs').SessionPolicy }} Identity */
/** @typedef {{ name: string, verify: (bearer: string, refuse?: (why: { message: string, code: string }) => void) => Promise<Identity | null> }} Verifier */
/**
 * A users list as configured: `{ "<token>": "name" }`, or `[{ name, token, groups? }]`, where a
 * file may give `tokenSha256` (hex) instead of `token` so it holds no usable secret.
 * @typedef {Record<string, string> | { name: string, token?: string, tokenSha256?: string, groups?: string[] }[]} UsersConfig
 */
/** @typedef {{ name: string, digest: Uint8Array, groups: string[] }} StoredUser */

const encoder = new TextEncoder();

/** @param {string} text @returns {Promise<Uint8Array>} */
export async function sha256(text) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** @param {Uint8Array} a @param {Uint8Array} b */
function same(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** @param {string} hex */
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * Validates and digests a users list. Throws (with the user's name, never a token) on an empty
 * name or token, a malformed digest, or two users sharing a token.
 * @param {UsersConfig} users @returns {Promise<StoredUser[]>}
 */
export async function normalizeUsers(users) {
  const list = Array.isArray(users)
    ? users.map((u) => ({ name: String(u?.name ?? ''), token: u?.token, tokenSha256: u?.tokenSha256, groups: u?.groups }))
    : Object.entries(users ?? {}).map(([token, name]) => ({ name: String(name), token, tokenSha256: undefined, groups: undefined }));
  const seen = new Set();
  const out = [];
  for (const { name, token, tokenSha256, groups } of list) {
    if (!name) throw new Error('users: every user needs a name');
    let digest;
    if (typeof token === 'string' && token) {
      // RFC 6750 token68: what a bearer header can carry (and Hono's bearer auth accepts).
      if (!/^[A-Za-z0-9._~+/-]+=*$/.test(token)) throw new Error(`users: the token of "${name}" may use only letters, digits and . _ ~ + / - (then = padding)`);
      digest = await sha256(token);
    }
    else if (typeof tokenSha256 === 'string' && /^[0-9a-f]{64}$/i.test(tokenSha256)) digest = fromHex(tokenSha256.toLowerCase());
    else throw new Error(`users: user "${name}" needs a non-empty token (or a 64-hex tokenSha256)`);
    const key = Array.from(digest).join(',');
    if (seen.has(key)) throw new Error(`users: user "${name}" shares a token with another user`);
    seen.add(key);
    if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
      throw new Error(`users: "groups" of user "${name}" must be a list of names`);
    }
    out.push({ name, digest, groups: groups ?? [] });
  }
  return out;
}

/**
 * The static-token verifier. `current()` is read on every request, so replacing the list (a
 * reloaded users file) takes effect on the next request: that is revocation.
 * @param {() => StoredUser[]} current @returns {Verifier}
 */
export function staticVerifier(current) {
  return {
    name: 'static',
    async verify(bearer) {
      const d = await sha256(bearer);
      /** @type {Identity | null} */
      let found = null;
      for (const u of current()) if (same(d, u.digest) && !found) found = { user: u.name, groups: u.groups };
      return found;
    },
  };
}

/**
 * @param {Verifier[]} verifiers @param {{ warn?: (o: object, msg: string) => void }} [log]
 * @returns {(bearer: string, refuse?: (why: { message: string, code: string }) => void) => Promise<Identity | null>}
 */
export function authChain(verifiers, log) {
  // `refuse`: a verifier that recognised the token but turned it down says why (an expired or
  // wrong-audience sign-in), so the 401 can tell the user instead of "incorrect token".
  return async (bearer, refuse) => {
    for (const v of verifiers) {
      try {
        const id = await v.verify(bearer, refuse);
        if (id) return id;
      } catch (e) {
        // A verifier that throws (e.g. an identity provider that cannot be reached) is a "no", not a crash.
        log?.warn?.({ verifier: v.name, err: e instanceof Error ? e.name : 'error' }, 'verifier failed');
      }
    }
    return null;
  };
}
