import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_RULES, isExcluded, matchesPattern, parsePattern, type SiteRules } from '@/lib/page/site-rules';

const rules = (over: Partial<SiteRules> = {}): SiteRules => ({ ...DEFAULT_SITE_RULES, ...over });

describe('isExcluded: restricted pages', () => {
  it.each([
    'chrome://settings',
    'chrome-extension://abcdefghijklmnop/options.html',
    'edge://flags',
    'about:blank',
    'view-source:https://example.com/',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<p>hi</p>',
    'javascript:alert(1)',
  ])('%s gets a note, not an error', (url) => {
    const d = isExcluded(url, rules());
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/browser page|only reads web pages/);
  });

  it.each([
    'https://chromewebstore.google.com/detail/hark/abc',
    'https://chrome.google.com/webstore/category/extensions',
    'https://microsoftedge.microsoft.com/addons/detail/x',
  ])('extension store %s', (url) => {
    expect(isExcluded(url, rules())).toEqual({ allowed: false, reason: expect.stringMatching(/extension store/), code: 'browser-page' });
  });

  it('reads ordinary Google pages that are not the store', () => {
    expect(isExcluded('https://chrome.google.com/intl/en/chrome/', rules()).allowed).toBe(true);
    expect(isExcluded('https://www.google.com/search?q=x', rules()).allowed).toBe(true);
  });

  it('file:// only when allowed', () => {
    expect(isExcluded('file:///home/me/notes.html', rules()).reason).toMatch(/files on your computer/);
    expect(isExcluded('file:///home/me/notes.html', rules({ allowFileUrls: true })).allowed).toBe(true);
  });

  it('incognito is off by default', () => {
    expect(isExcluded('https://example.com/', rules(), { incognito: true }).reason).toMatch(/incognito/);
    expect(isExcluded('https://example.com/', rules({ allowIncognito: true }), { incognito: true }).allowed).toBe(true);
    expect(isExcluded('https://example.com/', rules(), { incognito: false }).allowed).toBe(true);
  });

  it('rejects something that is not a URL', () => {
    expect(isExcluded('not a url', rules()).allowed).toBe(false);
    expect(isExcluded('', rules()).reason).toBeTruthy();
  });
});

describe('isExcluded: never-send list', () => {
  const r = rules({ neverSend: ['bank.example.com', '*.bank.com', 'mail.google.com', 'https://Intranet.Corp/', 'example.org/private', ' ', '# comment'] });

  it.each([
    'https://bank.example.com/login',
    'https://online.bank.example.com/',
    'https://bank.com/',
    'https://www.bank.com/accounts?id=1',
    'https://mail.google.com/mail/u/0/#inbox',
    'http://intranet.corp:8080/wiki',
    'https://example.org/private',
    'https://example.org/private/report.pdf',
    'https://BANK.COM./x',
  ])('blocks %s', (url) => {
    const d = isExcluded(url, r);
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/never-send list/);
  });

  it.each([
    'https://example.com/',
    'https://notbank.com/',
    'https://bank.com.evil.example/',
    'https://google.com/',
    'https://docs.google.com/',
    'https://example.org/privateer',
    'https://example.org/',
  ])('allows %s', (url) => expect(isExcluded(url, r).allowed).toBe(true));

  it('names the pattern that matched', () => {
    expect(isExcluded('https://www.bank.com/', r).reason).toContain('*.bank.com');
  });
});

describe('isExcluded: allowlist-only mode', () => {
  const r = rules({ allowlistOnly: true, allowlist: ['wikipedia.org', 'developer.mozilla.org'], neverSend: ['secret.wikipedia.org'] });

  it('reads only allowlisted sites, and the never-send list still wins', () => {
    expect(isExcluded('https://en.wikipedia.org/wiki/Train', r).allowed).toBe(true);
    expect(isExcluded('https://developer.mozilla.org/en-US/', r).allowed).toBe(true);
    expect(isExcluded('https://example.com/', r).reason).toMatch(/Allowlist-only/);
    expect(isExcluded('https://secret.wikipedia.org/', r).reason).toMatch(/never-send/);
    expect(isExcluded('chrome://settings', r).reason).toMatch(/browser page/);
  });

  it('an empty allowlist reads nothing', () => {
    expect(isExcluded('https://example.com/', rules({ allowlistOnly: true })).allowed).toBe(false);
  });
});

describe('patterns', () => {
  it('normalises what users paste', () => {
    expect(parsePattern('https://Bank.com/')).toEqual({ host: 'bank.com', path: '' });
    expect(parsePattern('*.bank.com')).toEqual({ host: 'bank.com', path: '' });
    expect(parsePattern('bank.com:8443/app/*')).toEqual({ host: 'bank.com', path: '/app' });
    expect(parsePattern('bücher.de')).toEqual({ host: 'xn--bcher-kva.de', path: '' });
    expect(parsePattern('')).toBeNull();
    expect(parsePattern('not a host!')).toBeNull();
  });

  it('matches internationalised hosts as the URL spells them', () => {
    expect(matchesPattern(new URL('https://www.bücher.de/'), 'bücher.de')).toBe(true);
  });
});
