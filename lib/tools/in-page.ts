/**
 * The page tools' half that runs inside the tab (isolated world, bundled into
 * entrypoints/tool-page.ts), so it may use only DOM APIs. Reading goes through the same reader as
 * the page snapshot (extractPage: hidden text and form fields dropped, redacted in the tab), over
 * the whole body; links are read from the live page, skipping hidden ones. Highlights use the CSS
 * Custom Highlight API: nothing in the page's DOM changes, and clearing them leaves no trace.
 */
import { extractPage } from '../page/extract';
import { findHidden } from '../page/hidden-dom';
import { redact } from '../page/redact';
import type { PageLink, ToolPage } from './page-model';
import type { ScrollTarget } from './deps';

export const HIGHLIGHT_NAME = 'hark-tool';
/** What the tools read at most from one page (a 1 MB page fits). */
export const TOOL_READ_CHARS = 1_500_000;
const MAX_LINKS = 2000;
const SKIP_TEXT = 'script, style, noscript, template, iframe, object, embed, svg, canvas, input, textarea, select, option, button, [hidden], [aria-hidden="true"]';

/** Elements whose subtree is hidden on the live page (what the reader drops). */
function hiddenSet(doc: Document): Set<Element> {
  return new Set(findHidden(doc).live.filter((h) => !h.ownText).map((h) => h.el));
}

function isHidden(el: Element | null, hidden: Set<Element>): boolean {
  for (let e = el; e; e = e.parentElement) if (hidden.has(e)) return true;
  return !!el?.closest(SKIP_TEXT);
}

export function readLinks(doc: Document, hidden = hiddenSet(doc)): PageLink[] {
  const out: PageLink[] = [];
  for (const a of Array.from(doc.querySelectorAll<HTMLAnchorElement>('a[href]'))) {
    if (out.length >= MAX_LINKS) break;
    if (isHidden(a, hidden)) continue;
    const text = (a.textContent || a.getAttribute('aria-label') || a.title || '').replace(/\s+/g, ' ').trim();
    let href: string;
    try {
      href = new URL(a.getAttribute('href') ?? '', doc.baseURI).href;
    } catch {
      continue;
    }
    if (!/^https?:/i.test(href)) continue;
    // Ids follow page order among the links kept, so the same page gives the same ids.
    out.push({ id: `l${out.length}`, text: redact(text.slice(0, 300)).text, href: redact(href.slice(0, 2000)).text });
  }
  return out;
}

export function readForTools(doc: Document): ToolPage {
  const snap = extractPage(doc, { maxChars: TOOL_READ_CHARS, wholeBody: true });
  return { title: snap.title, url: snap.url, text: snap.text, headings: snap.headings, selection: snap.selection, links: readLinks(doc) };
}

interface Flat {
  text: string;
  nodes: Text[];
  /** Per character of `text`: index into `nodes` and offset in that node. */
  node: Int32Array;
  offset: Int32Array;
}

/** The visible text, whitespace collapsed and lower-cased, with a way back to the DOM. */
function flatten(doc: Document): Flat {
  const hidden = hiddenSet(doc);
  const nodes: Text[] = [];
  const parts: string[] = [];
  const nodeIdx: number[] = [];
  const offs: number[] = [];
  let lastSpace = true;
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (!n.data.trim() && lastSpace) continue;
    if (isHidden(n.parentElement, hidden)) continue;
    const k = nodes.push(n) - 1;
    const data = n.data;
    for (let i = 0; i < data.length; i++) {
      const space = /\s/.test(data[i]!);
      if (space && lastSpace) continue;
      parts.push(space ? ' ' : data[i]!.toLowerCase());
      nodeIdx.push(k);
      offs.push(i);
      lastSpace = space;
    }
  }
  return { text: parts.join(''), nodes, node: Int32Array.from(nodeIdx), offset: Int32Array.from(offs) };
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Pieces of a passage worth matching: redaction placeholders and ellipses are not on the page. */
function candidates(passage: string): string[] {
  const whole = normalise(passage.replace(/^…|…$/g, ''));
  const pieces = whole.split(/\[(?:email|phone|card|iban|secret)\]|…/).map((s) => s.trim()).filter((s) => s.length >= 8);
  pieces.sort((a, b) => b.length - a.length);
  return [whole, ...pieces, whole.slice(0, 60)].filter((s) => s.length >= 3);
}

export function findRange(doc: Document, passage: string): Range | null {
  const flat = flatten(doc);
  for (const c of candidates(passage)) {
    const at = flat.text.indexOf(c);
    if (at === -1) continue;
    const end = at + c.length - 1;
    const range = doc.createRange();
    range.setStart(flat.nodes[flat.node[at]!]!, flat.offset[at]!);
    range.setEnd(flat.nodes[flat.node[end]!]!, flat.offset[end]! + 1);
    return range;
  }
  return null;
}

interface HighlightApi {
  highlights: Map<string, Set<Range>>;
}
type HighlightCtor = new (...ranges: Range[]) => Set<Range>;

function registry(doc: Document): { api: HighlightApi; Ctor: HighlightCtor } | null {
  const view = doc.defaultView as (Window & { CSS?: unknown; Highlight?: HighlightCtor }) | null;
  const api = view?.CSS as HighlightApi | undefined;
  return api?.highlights && view?.Highlight ? { api, Ctor: view.Highlight } : null;
}

function reveal(node: Node): void {
  const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  el?.scrollIntoView({ block: 'center', behavior: 'auto' });
}

/** Adds a highlight around `passage` and scrolls to it; false when it is not on the page (visibly). */
export function highlightPassage(doc: Document, passage: string): boolean {
  const reg = registry(doc);
  const range = findRange(doc, passage);
  if (!reg || !range) return false;
  const existing = reg.api.highlights.get(HIGHLIGHT_NAME);
  if (existing) existing.add(range);
  else reg.api.highlights.set(HIGHLIGHT_NAME, new reg.Ctor(range));
  reveal(range.startContainer);
  return true;
}

export function clearHighlights(doc: Document): number {
  const reg = registry(doc);
  const n = reg?.api.highlights.get(HIGHLIGHT_NAME)?.size ?? 0;
  reg?.api.highlights.delete(HIGHLIGHT_NAME);
  return n;
}

export function scrollPage(doc: Document, to: ScrollTarget): boolean {
  const view = doc.defaultView;
  const root = doc.scrollingElement ?? doc.documentElement;
  if (to.kind === 'top') view?.scrollTo(0, 0);
  else if (to.kind === 'bottom') view?.scrollTo(0, root.scrollHeight);
  else if (to.kind === 'highlight') {
    const ranges = registry(doc)?.api.highlights.get(HIGHLIGHT_NAME);
    const last = ranges ? [...ranges].pop() : undefined;
    if (!last) return false;
    reveal(last.startContainer);
  } else if (to.kind === 'heading') {
    const want = normalise(to.heading);
    const hidden = hiddenSet(doc);
    const h = Array.from(doc.querySelectorAll('h1, h2, h3, h4, h5, h6')).find(
      (e) => normalise(e.textContent ?? '') === want && !isHidden(e, hidden),
    );
    if (!h) return false;
    reveal(h);
  }
  return true;
}
