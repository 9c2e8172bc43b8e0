// @ts-check
/**
 * Who may do what: standard API keys (`apiKeys`, or "open mode" when none are configured) mint
 * ephemeral `ek_` keys; an unexpired ephemeral key (or a standard key) may start a call.
 * Error bodies mirror the real API's 401s and never echo a full key.
 */
import { ephemeralKey } from './ids.mjs';
import { HttpError } from './http-util.mjs';

/** @typedef {Record<string, any>} Json */
/** @typedef {{ value: string, session: Json, sessionId: string, createdAt: number, expiresAtMs: number }} EphemeralKey */

/** "sk-abcdef…xyz" → "sk-ab***yz" (short keys are fully masked). @param {string} key */
export function maskKey(key) {
  return key.length < 10 ? '***' : `${key.slice(0, 5)}***${key.slice(-2)}`;
}

/**
 * "ek_0123456789abcdef…" → "ek_01234567…": enough to tell keys apart in `/_control/state` and
 * in tests, too little to use one. @param {string} key
 */
export const redactKey = (key) => `${key.slice(0, 11)}…`;

const MISSING_KEY = new HttpError(401, {
  message:
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  code: null,
});

/** @param {string} key */
const incorrectKey = (key) =>
  new HttpError(401, {
    message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    code: 'invalid_api_key',
  });

export class KeyStore {
  /** @param {string[] | undefined} apiKeys */
  constructor(apiKeys) {
    this.apiKeys = (apiKeys ?? []).filter(Boolean);
    /** @type {Map<string, EphemeralKey>} */
    this.ephemeral = new Map();
  }

  /** No standard keys configured: anyone may mint. */
  get openMode() {
    return this.apiKeys.length === 0;
  }

  /**
   * Checks a standard API key (for client_secrets and hangup). Throws HttpError 401.
   * @param {string | null} token
   */
  requireApiKey(token) {
    if (this.openMode) return;
    if (!token) throw MISSING_KEY;
    if (!this.apiKeys.includes(token)) throw incorrectKey(token);
  }

  /**
   * Authorises `POST /v1/realtime/calls`. Returns the ephemeral key's record, or null when a
   * standard key was used (its session comes from the request or the defaults).
   * @param {string | null} token @returns {{ kind: 'ephemeral', key: EphemeralKey } | { kind: 'api_key' | 'open' }}
   */
  authorizeCall(token) {
    if (!token) throw MISSING_KEY;
    if (token.startsWith('ek_')) {
      const key = this.ephemeral.get(token);
      if (!key) throw incorrectKey(token);
      if (Date.now() >= key.expiresAtMs) {
        throw new HttpError(401, {
          message: `The ephemeral key ${maskKey(token)} expired at ${new Date(key.expiresAtMs).toISOString()}. Create a new client secret.`,
          code: 'invalid_api_key',
        });
      }
      return { kind: 'ephemeral', key };
    }
    if (this.openMode) return { kind: 'open' };
    if (!this.apiKeys.includes(token)) throw incorrectKey(token);
    return { kind: 'api_key' };
  }

  /**
   * @param {Json} session effective session @param {string} sessionId @param {number} seconds
   * @returns {EphemeralKey}
   */
  mint(session, sessionId, seconds) {
    const createdAt = Date.now();
    const key = { value: ephemeralKey(), session, sessionId, createdAt, expiresAtMs: createdAt + seconds * 1000 };
    this.ephemeral.set(key.value, key);
    // Forget keys long expired, so a long-running dev server does not accumulate them.
    for (const [value, k] of this.ephemeral) if (createdAt - k.expiresAtMs > 3_600_000) this.ephemeral.delete(value);
    return key;
  }
}
