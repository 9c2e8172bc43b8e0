/**
 * Which pages Hark may read. Pure: the service worker asks before injecting the extractor, so
 * an excluded page is never read at all (not read-then-discarded).
 */
import type { PageNoteCode } from './notes';
import { t } from '../i18n';

export interface SiteRules {
  /** Host patterns never sent: "bank.example.com", "*.bank.com", "mail.google.com/mail". */
  neverSend: string[];
  /** When on, only pages matching `allowlist` are read. */
  allowlistOnly: boolean;
  allowlist: string[];
  /** file:// pages can hold local documents; reading them is opt-in. */
  allowFileUrls: boolean;
  /** Incognito tabs are off unless the user turns them on. */
  allowIncognito: boolean;
}

export const DEFAULT_SITE_RULES: SiteRules = {
  neverSend: [],
  allowlistOnly: false,
  allowlist: [],
  allowFileUrls: false,
  allowIncognito: false,
};

export interface SiteDecision {
  allowed: boolean;
  /** Shown to the user, locally, when the page is not read; it may name the user's rule. */
  reason?: string;
  /** What the model may learn: only this code's fixed sentence (notes.ts), never `reason`. */
  code?: PageNoteCode;
}

const refuse = (code: PageNoteCode, reason: string): SiteDecision => ({ allowed: false, reason, code });

/** Browser-internal schemes: extensions may not script them, and the user would not expect it. */
const RESTRICTED_SCHEMES = new Set([
  'chrome:', 'chrome-extension:', 'chrome-untrusted:', 'chrome-search:', 'devtools:', 'edge:',
  'brave:', 'opera:', 'vivaldi:', 'about:', 'view-source:', 'moz-extension:', 'javascript:',
  'data:', 'blob:', 'filesystem:',
]);

/** Extension galleries: Chrome refuses to script them, so say so rather than fail. */
function isExtensionGallery(u: URL): boolean {
  const host = u.hostname.toLowerCase();
  if (host === 'chromewebstore.google.com') return true;
  if (host === 'chrome.google.com' && u.pathname.startsWith('/webstore')) return true;
  return host === 'microsoftedge.microsoft.com' && u.pathname.startsWith('/addons');
}

interface Pattern {
  host: string;
  /** "*." is accepted for familiarity; a bare host covers its subdomains either way. */
  path: string;
}

/** Accepts what users paste: "https://Bank.com/", "*.bank.com", "bank.com/private", "bank.com:8443". */
export function parsePattern(raw: string): Pattern | null {
  let s = raw.trim().toLowerCase();
  if (!s || s.startsWith('#')) return null;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\*\./, '').replace(/^\.+/, '');
  const slash = s.indexOf('/');
  const hostPort = slash === -1 ? s : s.slice(0, slash);
  const path = slash === -1 ? '' : s.slice(slash).replace(/\*$/, '').replace(/\/+$/, '');
  let host = hostPort.replace(/:\d+$/, '').replace(/\.$/, '');
  try {
    host = new URL(`http://${host}`).hostname; // "bücher.de" → punycode, as URL.hostname has it
  } catch {
    return null;
  }
  if (!host || /[^a-z0-9.-]/.test(host)) return null;
  return { host, path };
}

export function matchesPattern(u: URL, raw: string): boolean {
  const p = parsePattern(raw);
  if (!p) return false;
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  // Subdomains count: a user who never wants "bank.com" sent means "www.bank.com" too.
  const hostOk = host === p.host || host.endsWith(`.${p.host}`);
  if (!hostOk) return false;
  if (!p.path) return true;
  const path = u.pathname.toLowerCase();
  return path === p.path || path.startsWith(`${p.path}/`);
}

/**
 * Whether Hark may read `url`. Order matters: incognito and browser pages first (their reason
 * is the most useful), then the user's never-send list, then allowlist-only mode. A file:// page
 * the user opted into is not subject to the allowlist, which only names hosts.
 */
export function isExcluded(
  url: string,
  rules: SiteRules = DEFAULT_SITE_RULES,
  context: { incognito?: boolean } = {},
): SiteDecision {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refuse('browser-page', t('page.noAddress'));
  }
  if (context.incognito && !rules.allowIncognito) {
    return refuse('incognito', t('page.incognito'));
  }
  if (RESTRICTED_SCHEMES.has(u.protocol)) {
    return refuse('browser-page', t('page.browserPage', { scheme: u.protocol }));
  }
  if (u.protocol === 'file:' && !rules.allowFileUrls) {
    return refuse('file', t('page.file'));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') {
    return refuse('browser-page', t('page.notWeb', { scheme: u.protocol }));
  }
  if (isExtensionGallery(u)) {
    return refuse('browser-page', t('page.store'));
  }
  const blocked = rules.neverSend.find((p) => matchesPattern(u, p));
  if (blocked) {
    return refuse('never-send', t('page.neverSend', { pattern: blocked.trim() }));
  }
  if (rules.allowlistOnly && u.protocol !== 'file:' && !rules.allowlist.some((p) => matchesPattern(u, p))) {
    return refuse('not-allowlisted', t('page.notAllowlisted'));
  }
  return { allowed: true };
}
