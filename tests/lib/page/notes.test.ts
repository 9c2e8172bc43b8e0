import { afterEach, describe, expect, it } from 'vitest';
import { buildInstructions } from '@/lib/page/instructions';
import { isPrivateNote, modelNote, pageNoteText, refusedSnapshot } from '@/lib/page/notes';
import { CATALOGS, setLocale } from '@/lib/i18n';
import { DEFAULT_SITE_RULES, isExcluded, type SiteRules } from '@/lib/page/site-rules';

const rules = (over: Partial<SiteRules> = {}): SiteRules => ({ ...DEFAULT_SITE_RULES, ...over });
const TITLE = 'Statement March – MyBank Private Banking';
const TEMPLATE = 'About {{title}} at {{url}} ({{language}}): {{selection}} {{text}}';

/** Every privacy rule a user can set, with the details each one must not give away. */
const CASES = [
  { name: 'never-send host', url: 'https://online.mybank.com/statements?id=7', rules: rules({ neverSend: ['news.example', 'mybank.com'] }), rule: 'mybank.com' },
  { name: 'never-send host and path', url: 'https://mail.example.org/private/inbox', rules: rules({ neverSend: ['mail.example.org/private'] }), rule: 'mail.example.org/private' },
  { name: 'never-send wildcard', url: 'https://www.clinic.example/results', rules: rules({ neverSend: ['*.clinic.example'] }), rule: '*.clinic.example' },
  { name: 'allowlist-only', url: 'https://dating.example/profile/anna', rules: rules({ allowlistOnly: true, allowlist: ['wikipedia.org'] }), rule: 'wikipedia.org' },
  { name: 'incognito', url: 'https://health.example/condition', rules: rules(), incognito: true, rule: 'incognito' },
  { name: 'file', url: 'file:///home/anna/taxes-2024.html', rules: rules(), rule: 'taxes-2024' },
] as const;

describe('privacy rules reveal nothing to the model', () => {
  it.each(CASES)('$name: a generic note, no host, URL, title or rule', (c) => {
    const decision = isExcluded(c.url, c.rules, { incognito: 'incognito' in c ? c.incognito : false });
    expect(decision.allowed).toBe(false);
    expect(isPrivateNote(decision.code)).toBe(true);
    const u = new URL(c.url);
    const details = [c.url, u.hostname, u.pathname, c.rule, TITLE, 'never-send', 'allowlist', 'incognito', 'file:'].filter((d) => d && d !== '/');
    // As the worker builds it, and even with the page's details still on the snapshot (defence in depth).
    const snaps = [refusedSnapshot(decision), { ...refusedSnapshot(decision), title: TITLE, url: c.url, lang: 'de', text: `Balance ${TITLE}` }];
    for (const snap of snaps) {
      for (const template of [undefined, TEMPLATE]) {
        const text = buildInstructions(snap, { date: '2024-03-12', template });
        expect(text).toContain('Note: The user keeps this page private; nothing about it was shared.');
        expect(details.filter((d) => text.toLowerCase().includes(d.toLowerCase()))).toEqual([]);
      }
    }
  });

  it('the local note still names the rule for the user', () => {
    const d = isExcluded('https://online.mybank.com/', rules({ neverSend: ['mybank.com'] }));
    expect(refusedSnapshot(d).note).toContain('mybank.com');
    expect(refusedSnapshot(d).noteCode).toBe('never-send');
  });

  it('browser pages are not called private, and unknown codes say nothing', () => {
    const d = isExcluded('chrome://settings/passwords', rules());
    expect(d.code).toBe('browser-page');
    expect(isPrivateNote(d.code)).toBe(false);
    const text = buildInstructions(refusedSnapshot(d), { date: '2024-03-12' });
    expect(text).toContain('Note: This is a browser page that extensions may not read.');
    expect(text).not.toContain('chrome:');
    // A snapshot from a compromised reader may carry any code: only known codes have words.
    expect(modelNote('made-up' as never)).toBeNull();
  });
});

describe('the panel says every page note in the user’s language (pageNoteText)', () => {
  afterEach(() => setLocale('en'));

  const CODES = ['no-text', 'unreadable', 'no-access', 'browser-page', 'never-send', 'not-allowlisted', 'incognito', 'file'] as const;

  it('each code has its own sentence, in English and in German, never the raw code', () => {
    const said = (lang: string) => {
      setLocale(lang);
      return CODES.map((noteCode) => pageNoteText({ noteCode }));
    };
    const [en, de] = [said('en'), said('de')];
    CODES.forEach((code, i) => {
      expect(en[i], code).not.toBe('');
      expect(en[i]).not.toMatch(/^page\./);
      expect(de[i], `${code} in German`).not.toBe(en[i]);
    });
    setLocale('de');
    expect(pageNoteText({ noteCode: 'no-text' })).toBe(CATALOGS.de!.page_note_noText!.message);
    setLocale('en');
    expect(pageNoteText({ noteCode: 'no-text' })).toBe('Hark found no readable text on this page.');
  });

  it('an English text that came with a reader code is not shown: the code is said in German', () => {
    setLocale('de');
    for (const noteCode of ['no-text', 'unreadable', 'no-access'] as const) {
      const text = pageNoteText({ noteCode, note: 'Hark found no readable text on this page.' });
      expect(text).toBe(pageNoteText({ noteCode }));
      expect(text).not.toMatch(/Hark found|could not read|no access/);
    }
    expect(pageNoteText({ noteCode: 'no-text' })).toMatch(/keinen lesbaren Text/);
  });

  it('a site-rules refusal keeps its own reason (it names the user’s rule)', () => {
    const decision = isExcluded('https://online.mybank.com/', rules({ neverSend: ['mybank.com'] }));
    const snap = refusedSnapshot(decision);
    expect(pageNoteText(snap)).toBe(snap.note);
    expect(pageNoteText(snap)).toContain('mybank.com');
  });

  it('no code, no note (an unknown code neither)', () => {
    expect(pageNoteText({})).toBe('');
    expect(pageNoteText({ note: 'stray words' })).toBe('');
  });
});
