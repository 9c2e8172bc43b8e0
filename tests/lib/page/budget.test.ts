import { describe, expect, it } from 'vitest';
import { fitToBudget, normaliseText, snapshotSize, TRUNCATION_MARKER, truncateSmart, type PageSnapshot } from '@/lib/page/budget';

const snap = (over: Partial<PageSnapshot> = {}): PageSnapshot => ({
  title: 'Title',
  url: 'https://example.com/a',
  lang: 'en',
  description: 'About the page.',
  selection: '',
  headings: [],
  text: '',
  ...over,
});

const sentence = (i: number) => `Sentence number ${i} says something useful about trains.`;
const paragraphs = (n: number, perPara = 5) =>
  Array.from({ length: n }, (_, p) => Array.from({ length: perPara }, (_, s) => sentence(p * perPara + s)).join(' ')).join('\n\n');

describe('truncateSmart', () => {
  it('leaves short text alone', () => {
    expect(truncateSmart('Short.', 100)).toBe('Short.');
  });

  it('cuts at a paragraph break when one is near the end', () => {
    const text = paragraphs(10);
    const out = truncateSmart(text, 800);
    expect(out.length).toBeLessThanOrEqual(800);
    expect(out.endsWith(`trains.${TRUNCATION_MARKER}`)).toBe(true);
    expect(text.startsWith(out.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
    expect(text[out.length - TRUNCATION_MARKER.length]).toBe('\n');
  });

  it('does not end on a heading whose body was cut off', () => {
    const text = ['Intro paragraph that says a lot. '.repeat(10), 'Section two', 'Body of section two. '.repeat(40)].join('\n\n');
    const out = truncateSmart(text, 500);
    expect(out).toBe(`${'Intro paragraph that says a lot. '.repeat(10).trim()}${TRUNCATION_MARKER}`);
  });

  it('cuts at a sentence end when there is no paragraph break', () => {
    const text = Array.from({ length: 50 }, (_, i) => sentence(i)).join(' ');
    const out = truncateSmart(text, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).toMatch(/trains\. \[…\]$/);
  });

  it('cuts at a word break, then anywhere, for text without sentences', () => {
    const words = 'lorem ipsum dolor '.repeat(100);
    const out = truncateSmart(words, 100);
    expect(out).toMatch(/^(lorem ipsum dolor )*(lorem|ipsum|dolor)( \[…\])$/);
    expect(truncateSmart('x'.repeat(1000), 50)).toBe(`${'x'.repeat(50 - TRUNCATION_MARKER.length)}${TRUNCATION_MARKER}`);
    expect(truncateSmart('abcdef', 3)).toBe('');
  });

  it('handles sentence ends in other scripts', () => {
    const text = '这是第一句话。'.repeat(40) + '这是最后';
    const out = truncateSmart(text, 100);
    expect(out.endsWith(`。${TRUNCATION_MARKER}`)).toBe(true);
  });
});

describe('fitToBudget', () => {
  const big = snap({
    selection: 'The user picked this sentence. It matters most.',
    headings: ['Intro', 'Details', 'Summary'],
    text: paragraphs(2000),
  });

  it('keeps the whole snapshot within the budget', () => {
    for (const max of [500, 2000, 16000]) {
      const out = fitToBudget(big, max);
      expect(snapshotSize(out), String(max)).toBeLessThanOrEqual(max);
      expect(out.truncated).toBe(true);
    }
  });

  it('keeps the selection and headings whole while cutting the main text', () => {
    const out = fitToBudget(big, 2000);
    expect(out.selection).toBe(big.selection);
    expect(out.headings).toEqual(big.headings);
    expect(out.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(out.text.length).toBeGreaterThan(1000);
  });

  it('shortens a huge selection but leaves room for headings and text', () => {
    const out = fitToBudget({ ...big, selection: paragraphs(500) }, 4000);
    expect(out.selection.length).toBeLessThanOrEqual(4000 * 0.6);
    expect(out.selection.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(out.headings).toEqual(big.headings);
    expect(out.text.length).toBeGreaterThan(300);
  });

  it('drops whole headings, never half of one, when there are too many', () => {
    const headings = Array.from({ length: 500 }, (_, i) => `Heading number ${i}`);
    const out = fitToBudget(snap({ headings, text: paragraphs(100) }), 3000);
    expect(out.headings.length).toBeGreaterThan(10);
    expect(out.headings.length).toBeLessThan(500);
    expect(out.headings.every((h, i) => h === headings[i])).toBe(true);
    expect(out.text.length).toBeGreaterThan(500);
  });

  it('bounds a huge title and description, and flattens them to one line', () => {
    const out = fitToBudget(snap({ title: 'T\n'.repeat(1000), description: 'D '.repeat(5000) }), 4000);
    expect(out.title.length).toBeLessThanOrEqual(300);
    expect(out.title).not.toContain('\n');
    expect(out.description.length).toBeLessThanOrEqual(500);
  });

  it('does not mark small pages as truncated, and is stable when applied twice', () => {
    const small = snap({ selection: 'a', headings: ['h'], text: 'Some text.' });
    expect(fitToBudget(small, 16000)).toEqual({ ...small, truncated: false });
    const once = fitToBudget(big, 3000);
    expect(fitToBudget(once, 3000).text).toBe(once.text);
  });
});

describe('normaliseText', () => {
  it('collapses spaces and blank lines but keeps paragraphs', () => {
    expect(normaliseText('  a \t b \r\n\r\n\r\n\n c  \n d ')).toBe('a b\n\nc\nd');
  });
});
