/**
 * Secrets carried in URLs — the page's own address and links in its text: "user:pass@" credentials,
 * and the values of query or fragment parameters whose name says they are secret (token, code, sig,
 * session, key, password, X-Amz-Signature, …). The URL stays readable: only the value is replaced,
 * "https://example.com/reset?token=[secret]".
 */
import type { Span } from './spans';

const URL_RE = /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,20}:\/\/[^\s<>"'`\u0001]+/gi;
/** "user:pass@", or ":pass@" (Redis URLs have no user). */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s:]*:[^/?#@\s]+)@/i;
const PARAM = /[?&#;]([^=&#;?\s]{1,100})=([^&#;?\s]*)/g;

/**
 * Parameter names that carry secrets. Suffixes ("access_token", "X-Amz-Signature", "client_secret")
 * are matched after a separator; short generic names only on their own, so "zip_code",
 * "country_code" and "keyword" stay.
 */
const SECRET_SUFFIX =
  /(?:^|[_.-])(?:token|secret|password|passwd|passwort|pwd|signature|apikey|api[_-]?key|key|credentials?|jwt|hmac|verifier|sessionid|session_id|sessid|assertion|samlresponse)$/i;
const SECRET_NAME =
  /^(?:code|auth|sig|session|sid|pass|pin|otp|ticket|nonce|(?:auth|authorization|access|verification|reset|otp|device|security|sms|login|activation|confirm(?:ation)?)[_-]?code|(?:php|j|asp\.net_)sess(?:ion)?id)$/i;
/** OAuth "state" is a CSRF secret, but "state=CA" in a search is a US state: only long values. */
const LONG_ONLY = /^state$/i;

/** "YOUR_TOKEN", "<token>", "{key}", "xxx": documentation, not a secret. */
const PLACEHOLDER = /^(?:your[_-]?\w*|<[^>]*>|\{+[^}]*\}+|\$\{?\w+\}?|%[A-Z_]+%|x{3,}|\*{3,}|\.{3}|…|null|undefined|true|false)$/i;

function secretParam(name: string, value: string): boolean {
  if (!value || PLACEHOLDER.test(value)) return false;
  if (LONG_ONLY.test(name)) return value.length >= 16;
  return (SECRET_SUFFIX.test(name) || SECRET_NAME.test(name)) && value.length >= 3;
}

/**
 * One-time links carry their token as a path segment: "/reset/<token>", "/verify/<token>",
 * "/invite/<token>". Only a machine-made segment counts ("/invite/friends" is a page).
 */
const PATH_TOKEN =
  /\/(?:reset|password-reset|reset-password|verify|verification|confirm|activate|activation|invite|invitation|magic(?:-link)?|login|signin|unsubscribe|share|token|t)\/([A-Za-z0-9_-]{16,})(?=[/?#]|$)/gi;
/**
 * Machine-made: some run of six or more letters and digits mixes both ("8f3a9c2e…", a UUID's
 * "123e4567"); a slug of words and a year ("team-members-2026") does not.
 */
const machineMade = (v: string) => (v.match(/[A-Za-z0-9]{6,}/g) ?? []).some((run) => /\d/.test(run) && /[A-Za-z]/.test(run));

/** Spans of one URL found at `base` in the text. */
function urlSpans(url: string, base: number): Span[] {
  const spans: Span[] = [];
  const user = USERINFO.exec(url);
  if (user) {
    const s = base + user[0].length - 1 - user[1]!.length;
    spans.push({ start: s, end: s + user[1]!.length, kind: 'secret' });
  }
  PATH_TOKEN.lastIndex = 0;
  for (let m = PATH_TOKEN.exec(url); m; m = PATH_TOKEN.exec(url)) {
    if (!machineMade(m[1]!)) continue;
    const s = base + m.index + m[0].length - m[1]!.length;
    spans.push({ start: s, end: s + m[1]!.length, kind: 'secret' });
  }
  PARAM.lastIndex = 0;
  for (let m = PARAM.exec(url); m; m = PARAM.exec(url)) {
    const [whole, name, value] = m as unknown as [string, string, string];
    if (!secretParam(decodeName(name), value)) continue;
    const s = base + m.index + whole.length - value.length;
    spans.push({ start: s, end: s + value.length, kind: 'secret' });
  }
  return spans;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Prose punctuation after a link is not part of it: "…?token=abc." ends at "abc", and "(see
 * https://x/?a=b)" at "b"; a bracket the URL itself opened ("?token={token}") stays.
 */
function trimProse(url: string): string {
  let u = url.replace(/[.,;:!?]+$/, '');
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
    while (u.endsWith(close) && u.split(open).length < u.split(close).length) u = u.slice(0, -1).replace(/[.,;:!?]+$/, '');
  }
  return u;
}

export function findUrlSecrets(text: string): Span[] {
  const spans: Span[] = [];
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    const url = trimProse(m[0]);
    spans.push(...urlSpans(url, m.index));
  }
  return spans;
}
