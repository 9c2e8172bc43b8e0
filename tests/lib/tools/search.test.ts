import { describe, expect, it } from 'vitest';
import { findOnPage, fold, queryTerms } from '@/lib/tools/search';
import { buildSections, findSection, sectionAt } from '@/lib/tools/page-model';

/** About 1 MB of filler paragraphs, with the answer near the end under its own heading. */
function longPage(): { text: string; headings: string[] } {
  const paras: string[] = [];
  const headings: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    if (i % 20 === 0) {
      headings.push(`Chapter ${i / 20}`);
      paras.push(`Chapter ${i / 20}`);
    }
    const para = `Paragraph ${i} talks about installing shelves, cleaning the door seal and choosing a temperature for the fridge.`;
    paras.push(para);
    size += para.length + 2;
  }
  headings.push('Troubleshooting the ice maker');
  paras.push('Troubleshooting the ice maker', 'If the ice maker stops, reset it by holding the defrost button for five seconds.');
  paras.push('Closing words about the warranty.');
  return { text: paras.join('\n\n'), headings };
}

describe('find_on_page search', () => {
  it('finds a passage at the end of a 1 MB page, with its section heading', () => {
    const { text, headings } = longPage();
    expect(text.length).toBeGreaterThan(1_000_000);
    const [best] = findOnPage(text, 'how do I reset the ice maker', { headings });
    expect(best?.heading).toBe('Troubleshooting the ice maker');
    expect(best?.text).toContain('holding the defrost button');
    expect(best?.start).toBeGreaterThan(990_000);
  });

  it('matches word beginnings and accents, not the middle of words', () => {
    const text = 'Intro\n\nThe defrosting cycle runs nightly.\n\nCafé au lait is served.\n\nUndefrost is not a word.';
    expect(findOnPage(text, 'defrost')[0]?.text).toContain('defrosting cycle');
    expect(findOnPage(text, 'defrost').some((p) => p.text.includes('Undefrost'))).toBe(false);
    expect(findOnPage(text, 'cafe')[0]?.text).toContain('Café');
  });

  it('ranks passages with every word and the exact phrase first, and returns at most the limit', () => {
    const text = ['return window is short', 'our policy on shipping', 'The return policy: 30 days for a full refund.', 'policy policy policy'].join('\n\n');
    const res = findOnPage(text, 'return policy', { limit: 2 });
    expect(res).toHaveLength(2);
    expect(res[0]!.text).toContain('The return policy: 30 days');
  });

  it('gives nothing for empty queries or pages, and bounds passage length', () => {
    expect(findOnPage('', 'x')).toEqual([]);
    expect(findOnPage('some text', '   ')).toEqual([]);
    const big = `${'word '.repeat(5000)}needle ${'word '.repeat(5000)}`;
    const [p] = findOnPage(big, 'needle');
    expect(p!.text).toContain('needle');
    expect(p!.text.length).toBeLessThanOrEqual(430);
  });

  it('folds without changing length (offsets stay valid)', () => {
    for (const s of ['İstanbul Café', 'ÀÉÎÕÜ ß ﬁ', 'plain']) expect(fold(s)).toHaveLength(s.length);
    expect(queryTerms('What is the Return policy?')).toEqual(['return', 'policy']);
  });
});

describe('sections', () => {
  const text = 'Welcome\n\nIntro text.\n\nSetup\n\nDo this.\n\nUsage\n\nDo that.';
  const secs = buildSections(text, ['Setup', 'Usage'], 'Manual');
  it('cut at headings, with stable ids in page order', () => {
    expect(secs.map((s) => [s.id, s.heading])).toEqual([['s0', 'Manual'], ['s1', 'Setup'], ['s2', 'Usage']]);
    expect(buildSections(text, ['Setup', 'Usage'], 'Manual')).toEqual(secs);
    expect(text.slice(secs[1]!.start, secs[1]!.end)).toContain('Do this.');
    expect(sectionAt(secs, text.indexOf('Do that'))?.id).toBe('s2');
  });
  it('found by id or heading text', () => {
    expect(findSection(secs, 's2')?.heading).toBe('Usage');
    expect(findSection(secs, 'SETUP')?.id).toBe('s1');
    expect(findSection(secs, 'usa')?.id).toBe('s2');
    expect(findSection(secs, 'nothing')).toBeUndefined();
  });
});
