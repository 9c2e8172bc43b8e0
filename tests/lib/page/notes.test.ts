import { describe, expect, it } from 'vitest';
import { buildInstructions } from '@/lib/page/instructions';
import { isPrivateNote, modelNote, refusedSnapshot } from '@/lib/page/notes';
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
