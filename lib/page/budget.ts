/**
 * Fits what was read from a page into the model's instructions. The Realtime model pays for
 * every instruction token on every turn, so page text is bounded; what the user pointed at
 * (the selection) and the page's outline (headings) matter most, so they are cut last.
 */

import type { PageNoteCode } from './notes';

export interface PageSnapshot {
  title: string;
  url: string;
  /** The page's declared language (BCP 47, e.g. "de-CH"), or "" when it declares none. */
  lang: string;
  description: string;
  selection: string;
  headings: string[];
  /** The main readable text, paragraphs separated by blank lines. */
  text: string;
  /** Why the page could not be (fully) read, for the user only (it may name their rule). */
  note?: string;
  /** The same as a code: the model gets only the code's fixed sentence (notes.ts). */
  noteCode?: PageNoteCode;
  /** Set by fitToBudget when something was cut. */
  truncated?: boolean;
  /** How many items of each kind were redacted, when the extractor redacted. */
  redactions?: Partial<Record<string, number>>;
}

/** About 4,000 tokens at ~4 characters a token: room for the page without crowding the talk. */
export const DEFAULT_BUDGET_CHARS = 16_000;
export const TRUNCATION_MARKER = ' […]';

const MAX_TITLE = 300;
const MAX_URL = 500;
const MAX_DESCRIPTION = 500;
const MAX_HEADING = 200;
const MAX_HEADINGS = 80;

/**
 * Cuts `s` to at most `max` characters (marker included), preferring a paragraph break, then a
 * sentence end, then a word break, so the model never sees half a word it might misread.
 */
export function truncateSmart(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= TRUNCATION_MARKER.length) return '';
  const limit = max - TRUNCATION_MARKER.length;
  const head = s.slice(0, limit);
  const floor = Math.floor(limit * 0.6);
  const para = head.lastIndexOf('\n\n');
  let cut = para >= floor ? para : -1;
  if (cut > 0) {
    // A short last block without a full stop is a heading: do not end on a heading with no body.
    const prev = head.lastIndexOf('\n\n', cut - 1);
    if (prev >= floor / 2 && cut - prev < 100 && !/[.!?。！？:]\s*$/.test(head.slice(prev, cut))) cut = prev;
  }
  if (cut < 0) {
    // Latin stops need a following space ("v1.2", "e.g" are not ends); CJK stops do not.
    const re = /[.!?](?=["')\]]?\s)|[。！？]/g;
    for (let m = re.exec(head); m; m = re.exec(head)) if (m.index >= floor) cut = m.index + 1;
  }
  if (cut < 0) {
    const space = head.search(/\s\S*$/);
    cut = space >= Math.floor(limit * 0.8) ? space : limit;
  }
  return head.slice(0, cut).trimEnd() + TRUNCATION_MARKER;
}

const oneLineClip = (s: string, max: number) => truncateSmart(s.replace(/\s+/g, ' ').trim(), max);

/**
 * Returns a copy of `snap` whose text fields together take at most `maxChars` characters.
 * Priority: metadata (small, capped), then selection (up to 60% of what is left while there is
 * more to show), then headings (up to half of the rest while there is text), then main text.
 */
export function fitToBudget(snap: PageSnapshot, maxChars = DEFAULT_BUDGET_CHARS): PageSnapshot {
  const title = oneLineClip(snap.title, Math.min(MAX_TITLE, maxChars));
  const url = oneLineClip(snap.url, MAX_URL);
  const lang = oneLineClip(snap.lang, 35);
  let left = Math.max(0, maxChars - title.length - url.length - lang.length);
  const description = oneLineClip(snap.description, Math.min(MAX_DESCRIPTION, Math.floor(left / 4)));
  left -= description.length;

  const text0 = normaliseText(snap.text);
  const sel0 = normaliseText(snap.selection);
  const heads0 = snap.headings.map((h) => oneLineClip(h, MAX_HEADING)).filter(Boolean).slice(0, MAX_HEADINGS);

  const selCap = heads0.length || text0 ? Math.floor(left * 0.6) : left;
  const selection = truncateSmart(sel0, Math.min(selCap, left));
  left -= selection.length;

  const headCap = text0 ? Math.floor(left / 2) : left;
  const headings: string[] = [];
  let used = 0;
  for (const h of heads0) {
    if (used + h.length + 1 > headCap) break; // whole headings only: half a heading misleads
    headings.push(h);
    used += h.length + 1;
  }
  left -= used;

  const text = truncateSmart(text0, Math.max(0, left));
  const truncated =
    snap.truncated === true ||
    text.length < text0.length ||
    selection.length < sel0.length ||
    headings.length < snap.headings.filter((h) => h.trim()).length ||
    title.endsWith(TRUNCATION_MARKER) ||
    description.endsWith(TRUNCATION_MARKER);
  return { ...snap, title, url, lang, description, selection, headings, text, truncated };
}

/** Collapses runs of spaces and of blank lines; keeps paragraph breaks for truncation. */
export function normaliseText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Total characters a snapshot's fields take (what fitToBudget bounds). */
export function snapshotSize(s: PageSnapshot): number {
  return (
    s.title.length + s.url.length + s.lang.length + s.description.length + s.selection.length +
    s.headings.reduce((n, h) => n + h.length + 1, 0) + s.text.length
  );
}
