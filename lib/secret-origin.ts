/**
 * Which origin a long-lived secret may be sent to (pure: no browser APIs).
 *
 * A secret is stored with the origin it was entered for. It goes only to origins in its
 * `allowed` list: the one it was entered for when that is an official endpoint
 * (`https://api.openai.com`, `https://<resource>.openai.azure.com`) or this computer (loopback),
 * and any other origin only after the user confirmed it on a screen that names it. Changing a
 * URL therefore never redirects a saved secret. Plain `http:` is refused for anything but
 * loopback, whatever the user confirmed. See docs/keys.md. Sentences come from the UI's
 * language (`t`, which falls back to the bundled catalogs where chrome.i18n is missing).
 */
import { t } from './i18n';
import { isRecord } from './realtime/shape';

export interface StoredSecret {
  value: string;
  /** The origin the secret was entered for (named in messages). */
  origin: string;
  /** Origins the secret may be sent to. */
  allowed: string[];
}

/**
 * Per server origin, the other origins the user allowed that server's `calls_url` (and so its
 * ephemeral keys and the microphone) to point to. Kept apart from the secrets: it is trust in a
 * server's routing, which a renewed or forgotten token does not change.
 */
export type ConfirmedCalls = Record<string, string[]>;

/** The official endpoints: a secret entered for one needs no warning. */
const OPENAI = 'https://api.openai.com';
const AZURE_HOST = /^[a-z0-9](?:[a-z0-9-]{0,62})\.openai\.azure\.com$/;

/** `localhost`, 127.0.0.0/8 and `[::1]` (the URL parser has already canonicalised the host). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export function isOfficialOrigin(origin: string): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  // `origin` compares scheme, host and port at once; the URL parser lowercases the host, turns
  // IDN into punycode and drops the default port, so look-alikes cannot match by spelling.
  return u.origin === OPENAI || (u.protocol === 'https:' && u.port === '' && AZURE_HOST.test(u.hostname));
}

/** Why Hark will not talk to `url` at all (null: it may), in words for the options page. */
export function transportProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return t('secret.invalidUrl', { url });
  }
  if (u.username || u.password) return t('secret.credentialsInUrl', { origin: u.origin });
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:') {
    return isLoopbackHost(u.hostname)
      ? null
      : t('secret.plainHttp', { origin: u.origin, host: u.host });
  }
  return t('secret.notHttp', { url });
}

/** The origin of a URL, or null when Hark must not talk to it (see `transportProblem`). */
export function safeOrigin(url: string): string | null {
  return transportProblem(url) ? null : new URL(url).origin;
}

/** A secret as saved now for `origin` (which the worker took from the saved settings); nothing carries over from an earlier value. */
export function bindSecret(value: string, origin: string): StoredSecret {
  const trusted = isOfficialOrigin(origin) || isLoopbackHost(new URL(origin).hostname);
  return { value, origin, allowed: trusted ? [origin] : [] };
}

export type SecretUse =
  | { ok: true }
  | { ok: false; problem: 'missing' | 'insecure'; message: string }
  /** Entered for (`confirm`) or saved for another origin than (`other-origin`) `origin`: the user may confirm it. */
  | { ok: false; problem: 'confirm' | 'other-origin'; origin: string; message: string };

/** What the user calls each secret (the English name; `labelText` gives it in the UI's language). */
export type SecretLabel = 'key' | 'access token' | 'Azure API key';

const LABEL_KEY = { key: 'secret.label.key', 'access token': 'secret.label.token', 'Azure API key': 'secret.label.azure' } as const;
/** A secret's name in the UI's language, to put into a sentence. */
export const labelText = (label: SecretLabel): string => t(LABEL_KEY[label]);

/** May `secret` be sent to `targetUrl`? The answer says why not, for the user. */
export function checkSecretUse(secret: StoredSecret | null, targetUrl: string, label: SecretLabel = 'key'): SecretUse {
  const insecure = transportProblem(targetUrl);
  if (insecure) return { ok: false, problem: 'insecure', message: insecure };
  if (!secret?.value) return { ok: false, problem: 'missing', message: t('secret.missing', { label: labelText(label) }) };
  const origin = new URL(targetUrl).origin;
  if (secret.allowed.includes(origin)) return { ok: true };
  if (secret.origin === origin) {
    return { ok: false, problem: 'confirm', origin, message: t('secret.confirm', { label: labelText(label), origin }) };
  }
  return {
    ok: false,
    problem: 'other-origin',
    origin,
    message: t('secret.otherOrigin', { label: labelText(label), saved: secret.origin, origin }),
  };
}

/** The user confirmed, on a screen naming `origin`, that `secret` may go there. */
export function allowOrigin(secret: StoredSecret, origin: string): StoredSecret | null {
  if (safeOrigin(origin) !== origin) return null;
  return secret.allowed.includes(origin) ? secret : { ...secret, allowed: [...secret.allowed, origin] };
}

/** The user confirmed that the server at `server` may send its calls (and ephemeral keys) to `origin`. */
export function allowCallsOrigin(confirmed: ConfirmedCalls, server: string, origin: string): ConfirmedCalls | null {
  if (safeOrigin(origin) !== origin || safeOrigin(server) !== server) return null;
  const list = confirmed[server] ?? [];
  return list.includes(origin) ? confirmed : { ...confirmed, [server]: [...list, origin] };
}

/**
 * What a stored value becomes under these rules. Older versions stored the bare string: it is
 * bound to the origin configured now. Official and loopback origins are allowed at once (what
 * the user saw was the origin it went to); any other origin waits for the user's confirmation,
 * on the same warning a newly entered key gets; an origin Hark refuses (plain http elsewhere,
 * junk, none) drops the key, so the user has to enter it again.
 */
export function migrateSecret(stored: unknown, configuredUrl: string | null): StoredSecret | null {
  if (isStoredSecret(stored)) return stored.value ? stored : null;
  if (typeof stored !== 'string' || !stored.trim()) return null;
  const origin = configuredUrl ? safeOrigin(configuredUrl) : null;
  return origin ? bindSecret(stored.trim(), origin) : null;
}

function isStoredSecret(v: unknown): v is StoredSecret {
  return isRecord(v) && typeof v.value === 'string' && typeof v.origin === 'string' && Array.isArray(v.allowed);
}

export type CallsUrlCheck = { ok: true; url: string } | { ok: false; origin: string; message: string };

/**
 * Where the ephemeral key may go with the SDP offer. A server's `calls_url` may name only the
 * server's own origin, `https://api.openai.com` (whose keys a token server hands out: the key
 * only works there, and OpenAI minted it) or an origin the user confirmed; anything else is
 * refused, so a server cannot route the key (and the microphone) to a third party.
 */
export function checkCallsUrl(fromResponse: unknown, derived: string, confirmed: readonly string[] = []): CallsUrlCheck {
  if (fromResponse == null || fromResponse === '') return { ok: true, url: derived };
  const url = typeof fromResponse === 'string' ? fromResponse : '';
  const origin = safeOrigin(url);
  if (origin && callsOrigins(derived, confirmed).includes(origin)) return { ok: true, url: new URL(url).toString() };
  const shown = origin ?? (url ? url.slice(0, 80) : typeof fromResponse);
  return {
    ok: false,
    origin: origin ?? '',
    message: t('secret.callsElsewhere', { server: new URL(derived).origin, target: shown }),
  };
}

/** Every origin an ephemeral key minted for `derived` (the server's own calls URL) may go to. */
export function callsOrigins(derived: string, confirmed: readonly string[] = []): string[] {
  return [...new Set([new URL(derived).origin, OPENAI, ...confirmed])];
}

/** The origins a call's `Location` (hangup address) may point to: the calls URL's own. */
export function checkLocation(location: string, callsUrl: string): string | null {
  try {
    const u = new URL(location, callsUrl);
    return u.origin === new URL(callsUrl).origin && !transportProblem(u.toString()) ? u.toString() : null;
  } catch {
    return null;
  }
}

/** What the options page learns about a saved secret (never its value). */
export interface SecretStatus {
  saved: boolean;
  /** Why it would not be sent under the saved settings; with `origin`, the user may confirm that origin. */
  problem?: 'confirm' | 'other-origin' | 'insecure';
  origin?: string;
  message?: string;
}

/** The status of `secret` for the URL the saved settings would send it to (null: none set yet). */
export function secretStatus(secret: StoredSecret | null, targetUrl: string | null, label: SecretLabel): SecretStatus {
  if (!secret?.value) return { saved: false };
  if (!targetUrl) return { saved: true };
  const use = checkSecretUse(secret, targetUrl, label);
  if (use.ok || use.problem === 'missing') return { saved: true };
  // Shown on the settings page itself, where "in Hark's settings" would send the user nowhere.
  const message =
    use.problem === 'confirm'
      ? t('secret.confirmHere', { label: labelText(label), origin: use.origin })
      : use.problem === 'other-origin'
        ? t('secret.otherOriginHere', { label: labelText(label), saved: secret.origin, origin: use.origin })
        : use.message;
  return { saved: true, problem: use.problem, ...('origin' in use ? { origin: use.origin } : {}), message };
}

/** Why the offscreen document must not post to `callsUrl` (null: it may). */
export function callsUrlRefusal(callsUrl: string, trustedOrigins: readonly string[] | undefined): string | null {
  const insecure = transportProblem(callsUrl);
  if (insecure) return insecure;
  const origin = new URL(callsUrl).origin;
  return trustedOrigins?.includes(origin) ? null : t('secret.callsRefused', { origin });
}
