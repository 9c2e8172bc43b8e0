/**
 * find_on_page: ranks passages of the whole page text for a query. Passages are paragraphs (long
 * ones cut into windows), scored by how many of the query's words they hold (rarer words weigh
 * more, a word also matches longer words it starts: "defrost" finds "defrosting"), with a bonus
 * for the exact phrase. One pass over the folded text per query word, so a 1 MB page takes
 * milliseconds (bench/find-on-page.mjs).
 */
import { buildSections, sectionAt, type Section } from './page-model';

export interface Passage {
  sectionId: string;
  heading: string;
  /** The passage as it reads on the page (bounded). */
  text: string;
  /** Offset in the page text, for read_more. */
  start: number;
  score: number;
}

export const PASSAGE_CHARS = 420;
const STOP = new Set(
  'a an and are as at be by can do does for from how i in is it me my of on or the this to was what when where which who why with you your'.split(' '),
);

/** Lower case, accents dropped, same length as the input (so offsets hold). */
export function fold(s: string): string {
  const lower = s.toLowerCase();
  // A few characters change length when lower-cased ("İ"): then go character by character.
  const same = lower.length === s.length ? lower : Array.from(s, (ch) => (ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch)).join('');
  // Only non-ASCII characters can carry accents; keep any whose base form has another length.
  return same.replace(/[^\x00-\x7f]/g, (ch) => {
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return base.length === ch.length ? base : ch;
  });
}

export function queryTerms(query: string): string[] {
  const words = fold(query).match(/[\p{L}\p{N}]+/gu) ?? [];
  const kept = words.filter((w) => !STOP.has(w));
  return [...new Set(kept.length ? kept : words)].slice(0, 12);
}

interface Window {
  start: number;
  end: number;
}

/** A paragraph this short is a heading or a label: it goes with the paragraph after it. */
const LEAD_CHARS = 100;

/** Paragraphs (a short one joined to the next), and windows of about PASSAGE_CHARS inside longer ones. */
function windows(text: string): Window[] {
  const out: Window[] = [];
  const re = /\n\n+/g;
  let at = 0;
  let lead = -1; // start of a short paragraph waiting for the next one
  let leadEnd = 0;
  const push = (from: number, end: number) => {
    for (let s = from; s < end; s += PASSAGE_CHARS) out.push({ start: s, end: Math.min(end, s + PASSAGE_CHARS) });
  };
  for (;;) {
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    if (m && end - at < LEAD_CHARS) {
      if (lead !== -1) push(lead, leadEnd); // two short ones in a row: the first stands alone
      lead = at;
      leadEnd = end;
    } else {
      push(lead === -1 ? at : lead, end);
      lead = -1;
    }
    if (!m) break;
    at = m.index + m[0].length;
  }
  return out;
}

const WORD = /[\p{L}\p{N}]/u;
/** ASCII by char code (the common case), the rest by Unicode class. */
function isWordChar(c: string | undefined): boolean {
  if (!c) return false;
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 48 && k <= 57) || (k >= 97 && k <= 122) || (k >= 65 && k <= 90);
  return WORD.test(c);
}

/** Positions where `term` starts a word in `folded`. */
function wordStarts(folded: string, term: string): number[] {
  const hits: number[] = [];
  for (let i = folded.indexOf(term); i !== -1; i = folded.indexOf(term, i + term.length)) {
    if (!isWordChar(folded[i - 1])) hits.push(i);
  }
  return hits;
}

/** The passage text around its first hit, cut at word boundaries. */
function excerpt(text: string, w: Window, firstHit: number): string {
  let start = w.start;
  let end = w.end;
  if (end - start > PASSAGE_CHARS) {
    start = Math.max(w.start, firstHit - 120);
    end = Math.min(w.end, start + PASSAGE_CHARS);
  }
  let s = text.slice(start, end).replace(/\s+/g, ' ').trim();
  if (start > w.start) s = `…${s.replace(/^\S*\s/, '')}`;
  if (end < w.end) s = `${s.replace(/\s\S*$/, '')}…`;
  return s;
}

export interface SearchOptions {
  limit?: number;
  /** Precomputed sections (the runner builds them once per read). */
  sections?: Section[];
  headings?: readonly string[];
  title?: string;
}

export function findOnPage(text: string, query: string, opts: SearchOptions = {}): Passage[] {
  const terms = queryTerms(query);
  if (!terms.length || !text) return [];
  const folded = fold(text);
  const wins = windows(text);
  const starts = wins.map((w) => w.start);
  const windowOf = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Per window: which terms it holds (bit set), how often, and where the first hit is.
  const score = new Float64Array(wins.length);
  const mask = new Uint32Array(wins.length);
  const first = new Int32Array(wins.length).fill(-1);
  terms.forEach((term, t) => {
    const hits = wordStarts(folded, term);
    if (!hits.length) return;
    const idf = Math.log(1 + wins.length / (1 + new Set(hits.map(windowOf)).size));
    for (const h of hits) {
      const w = windowOf(h);
      if (h >= wins[w]!.end) continue; // in the gap between paragraphs
      const exact = !isWordChar(folded[h + term.length]);
      score[w] = score[w]! + (mask[w]! & (1 << t) ? 0.3 : 1) * idf * (exact ? 1 : 0.8);
      mask[w] = mask[w]! | (1 << t);
      if (first[w] === -1 || h < first[w]!) first[w] = h;
    }
  });
  const phrase = fold(query).replace(/\s+/g, ' ').trim();
  const ranked: number[] = [];
  for (let w = 0; w < wins.length; w++) {
    if (!mask[w]) continue;
    // Passages with every word first; the exact phrase on top of that.
    const all = popcount(mask[w]!) === terms.length ? 1.5 : 1;
    score[w] = score[w]! * all;
    if (terms.length > 1 && phrase.length > 3 && folded.slice(wins[w]!.start, wins[w]!.end).replace(/\s+/g, ' ').includes(phrase)) score[w] = score[w]! + 5;
    ranked.push(w);
  }
  ranked.sort((a, b) => score[b]! - score[a]! || a - b);
  const sections = opts.sections ?? buildSections(text, opts.headings ?? [], opts.title);
  return ranked.slice(0, opts.limit ?? 4).map((w) => {
    const win = wins[w]!;
    const sec = sectionAt(sections, win.start);
    return { sectionId: sec.id, heading: sec.heading, text: excerpt(text, win, first[w]!), start: win.start, score: Math.round(score[w]! * 100) / 100 };
  });
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}
