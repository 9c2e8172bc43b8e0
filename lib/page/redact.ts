/**
 * Removes personal data and secrets from page text before it leaves the browser. Pure, so the
 * same code runs in the page (extractor) and in tests. Every rule errs towards shapes that real
 * data has (checksums, known prefixes, phone layouts) so ordinary numbers on a page survive:
 * the assistant is useless if it cannot read a price, a date or a version number.
 */

export type RedactionKind = 'secret' | 'email' | 'iban' | 'card' | 'phone';
export const REDACTION_KINDS: readonly RedactionKind[] = ['secret', 'email', 'iban', 'card', 'phone'];

export interface Redacted {
  text: string;
  counts: Record<RedactionKind, number>;
}

const tag = (kind: RedactionKind) => `[${kind}]`;

/** Tokens with a recognisable vendor prefix: safe to redact wherever they appear. */
const PREFIXED_SECRETS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bsk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI, Anthropic
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub classic tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API key
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
];

/** "Bearer <token>" keeps the word so the sentence still reads. */
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/-]{16,}=*/g;

/**
 * Values after a key-like word ("api_key=…", "token: …", "password = …"). Passwords are
 * redacted at any length; other words only when the value looks machine-made (long, with a
 * digit), so "token: expired" or "secret: the garden" stay readable.
 */
const KEYWORD_VALUE =
  /\b((?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|apikey|key|token|secret|passw(?:or)?d|pwd|credentials?|auth)["']?\s*(?:=>|[:=])\s*["']?)([^\s"'&,;<>]*[^\s"'&,;<>.)\]])/gi;

const EMAIL = /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,24})\b/g;
/** "logo@2x.png" is an image, not an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'css', 'js']);

/** Country code, check digits, then 11–30 letters/digits, optionally in groups of four. */
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;

/** 13–19 digits with optional single spaces or dashes; issuers start with 2–6 (ISBNs with 9). */
const CARD = /(?<![\d+-])[2-6](?:[ -]?\d){12,18}(?![\d])/g;

/**
 * Phone layouts, each tight enough not to match dates, versions, prices or plain IDs:
 * international (+ or 00), NANP "(555) 123-4567", trunk-prefixed national "030 1234567",
 * and anything digit-like right after a word such as "Tel:".
 */
const PHONES: RegExp[] = [
  /(?<![\w+])(?:\+|\b00)[1-9]\d{0,2}(?:[ .-]?\(\d{1,5}\))?(?:[ .-]?\d{1,6}){1,6}(?![\w-]|[.,/]\d)/g,
  /(?<![\w.,/+-])(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\w-]|[.,/]\d)/g,
  /(?<![\w.,/+-])0[1-9]\d{0,4}[ /.-]\d{2,8}(?:[ .-]\d{2,8}){0,3}(?![\w-]|[.,/]\d)/g,
  /(?<=\b(?:tel|phone|mobile|cell|fax|telefon|téléphone|tél|handy)\.?:?\s{0,3})\+?[\d ().\/-]{6,20}\d/gi,
];

const digitsOf = (s: string) => s.replace(/\D/g, '');
const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:$|\D)/;

function looksLikePhone(m: string): boolean {
  const n = digitsOf(m).length;
  if (m.startsWith('+')) return n >= 8 && n <= 15;
  // "00" dialling prefix: only when written in groups; a bare 00… digit run is an ID.
  if (m.startsWith('00')) return n >= 8 && n <= 15 && /[ .()-]/.test(m);
  return n >= 7 && n <= 13 && !DATE_LIKE.test(m.trim());
}

/** Luhn checksum: real card numbers pass, random 16-digit IDs fail nine times in ten. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function ibanValid(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/**
 * The IBAN pattern can swallow a following upper-case word ("… 3000 BIC"); retry on group
 * boundaries from the longest, so the valid IBAN inside is still found.
 */
function redactIban(m: string): string | null {
  const cuts = [m.length];
  for (let i = m.length - 1; i > 0; i--) if (m[i] === ' ') cuts.push(i);
  for (const cut of cuts) {
    if (ibanValid(m.slice(0, cut).replace(/ /g, ''))) return tag('iban') + m.slice(cut);
  }
  return null;
}

export function redact(input: string): Redacted {
  const counts: Record<RedactionKind, number> = { secret: 0, email: 0, iban: 0, card: 0, phone: 0 };
  let text = input;
  const sub = (re: RegExp, kind: RedactionKind, fn: (m: string, ...g: string[]) => string | null) => {
    text = text.replace(re, (m: string, ...g: string[]) => {
      const out = fn(m, ...g);
      if (out === null) return m;
      counts[kind]++;
      return out;
    });
  };

  // Secrets first: tokens contain digit runs and "@" that later rules would half-match.
  for (const re of PREFIXED_SECRETS) sub(re, 'secret', () => tag('secret'));
  sub(BEARER, 'secret', (_m, word) => `${word}${tag('secret')}`);
  sub(KEYWORD_VALUE, 'secret', (_m, head, value) => {
    if (value.startsWith('[')) return null; // already redacted
    // A bare word after "Password:" is usually a form label ("Password: forgot it?").
    const password = /pass|pwd|credential/i.test(head) && (/[^A-Za-z]/.test(value) || head.includes('='));
    const machineMade = value.length >= 12 && /\d/.test(value) && /[A-Za-z]/.test(value);
    return password || machineMade ? `${head}${tag('secret')}` : null;
  });
  sub(EMAIL, 'email', (m, tld) => (FILE_TLDS.has(tld.toLowerCase()) ? null : tag('email')));
  sub(IBAN, 'iban', redactIban);
  sub(CARD, 'card', (m) => (luhnValid(digitsOf(m)) ? tag('card') : null));
  for (const re of PHONES) sub(re, 'phone', (m) => (looksLikePhone(m) ? tag('phone') : null));
  return { text, counts };
}

/** Redacts several fields with one tally (title, selection, text…). */
export function redactAll<T extends Record<string, string>>(fields: T): { fields: T; counts: Record<RedactionKind, number> } {
  const counts: Record<RedactionKind, number> = { secret: 0, email: 0, iban: 0, card: 0, phone: 0 };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    const r = redact(v);
    out[k] = r.text;
    for (const kind of REDACTION_KINDS) counts[kind] += r.counts[kind];
  }
  return { fields: out as T, counts };
}
