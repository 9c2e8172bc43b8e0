/**
 * Reads the page in the page: runs inside the tab (bundled into an unlisted script), so it may
 * use only DOM APIs. Privacy is enforced here, before anything crosses to the extension:
 * what a stylesheet hides is found on the live page (hidden-dom.ts) and dropped from a clone,
 * form controls are removed from the clone before any text is read (their values are never
 * touched), and every field is redacted and bounded before it is returned.
 */
import { Readability } from '@mozilla/readability';
import { DEFAULT_BUDGET_CHARS, fitToBudget, normaliseText, type PageSnapshot } from './budget';
import { dropHidden, findHidden, type HiddenMarks } from './hidden-dom';
import { visibleSelection } from './visible-selection';
import { redactAll } from './redact';

export interface ExtractOptions {
  /** Overrides `doc.location.href` (tests, or a URL the worker already knows). */
  url?: string;
  /** Character budget for the returned snapshot. */
  maxChars?: number;
  /** Redact personal data and secrets (default on; off only for tests of the raw reader). */
  redact?: boolean;
  /** Read contenteditable regions (drafts, webmail compose). Off: they hold what the user typed. */
  includeEditable?: boolean;
  /** The whole body's text rather than Readability's main article (the page tools search everything). */
  wholeBody?: boolean;
}

/** Form controls and what the user types: never read, not even their `value` attribute. */
const FORM_SELECTOR = 'input, textarea, select, option, datalist, output, button, keygen';
const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false"]), [role="textbox"]';
/** Not text the user sees; hidden text is also a favourite place for prompt injection. */
const NOISE_SELECTOR = 'script, style, noscript, template, iframe, object, embed, svg, canvas, [hidden], [aria-hidden="true"]';

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV',
  'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL', 'CAPTION', 'SUMMARY', 'DETAILS',
]);
const PARAGRAPH = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TABLE', 'UL', 'OL', 'HR']);

/** Stack marker for leaving a <pre> (break counts are positive). */
const PRE_END = -1;

/**
 * innerText without layout: line breaks at block edges, blank lines between paragraphs (so
 * truncation can cut at paragraph ends). Like innerText, adjacent breaks merge rather than add
 * up. Iterative, so deep DOMs cannot overflow the stack.
 */
export function blockText(root: Node): string {
  const out: string[] = [];
  let pending = 0; // line breaks owed before the next visible text
  let pre = 0; // inside <pre>, source line breaks are content; elsewhere they are just spaces
  const emit = (data: string) => {
    if (!data.trim()) {
      if (!pending) out.push(pre ? data : ' ');
      return;
    }
    if (pending && out.length) out.push('\n'.repeat(pending));
    pending = 0;
    out.push(data);
  };
  // Numbers are breaks owed at an element's end; strings are text we add (bullets, cell gaps).
  const stack: Array<Node | number | string> = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (item === PRE_END) pre--;
    else if (typeof item === 'number') pending = Math.max(pending, item);
    else if (typeof item === 'string') emit(item);
    else if (item.nodeType === 3) emit(pre ? (item as Text).data : (item as Text).data.replace(/\s+/g, ' '));
    else if (item.nodeType === 1 || item.nodeType === 9 || item.nodeType === 11) {
      const tag = (item as Element).tagName ?? '';
      const breaks = PARAGRAPH.has(tag) ? 2 : BLOCK.has(tag) ? 1 : 0;
      if (breaks) {
        pending = Math.max(pending, breaks);
        stack.push(breaks);
      }
      if (tag === 'PRE') {
        pre++;
        stack.push(PRE_END);
      }
      const kids = item.childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
      if (tag === 'LI') stack.push('- ');
      else if (tag === 'TD' || tag === 'TH') stack.push(' ');
    }
  }
  return normaliseText(out.join(''));
}

function isEditableOrControl(node: Node | null, includeEditable: boolean): boolean {
  const el = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
  if (!el) return false;
  if (el.closest(FORM_SELECTOR)) return true;
  return !includeEditable && !!el.closest(EDITABLE_SELECTOR);
}

/** The user's selection, unless it is inside a form field or editor (what they typed); never hidden text. */
function readSelection(doc: Document, includeEditable: boolean, hidden: HiddenMarks): string {
  const active = doc.activeElement;
  if (active && isEditableOrControl(active, includeEditable) && active !== doc.body) return '';
  const sel = doc.getSelection?.();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return '';
  if (isEditableOrControl(sel.anchorNode, includeEditable) || isEditableOrControl(sel.focusNode, includeEditable)) return '';
  return visibleSelection(sel, hidden);
}

const meta = (doc: Document, selector: string) => doc.querySelector(selector)?.getAttribute('content')?.trim() ?? '';

function readHeadings(root: ParentNode): string[] {
  const seen = new Set<string>();
  for (const h of Array.from(root.querySelectorAll('h1, h2, h3'))) {
    const t = (h.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (t && !seen.has(t)) seen.add(t);
    if (seen.size >= 200) break;
  }
  return [...seen];
}

/** Readability's main text, or the whole (sanitised) body when it finds no article. */
function readMainText(clone: Document, bodyText: string): string {
  try {
    const article = new Readability<string>(clone, { serializer: (n) => blockText(n), maxElemsToParse: 60_000 }).parse();
    const text = normaliseText(article?.content ?? '');
    // Readability can pick a sidebar on pages without an article; prefer the body then.
    if (text.length >= 200 || text.length >= bodyText.length * 0.5) return text || bodyText;
  } catch {
    // Too many elements, or a DOM Readability cannot handle: the plain body text will do.
  }
  return bodyText;
}

export function extractPage(doc: Document, opts: ExtractOptions = {}): PageSnapshot {
  const includeEditable = opts.includeEditable ?? false;
  const maxChars = opts.maxChars ?? DEFAULT_BUDGET_CHARS;
  // Visibility needs the live page's style and layout: decide it before cloning.
  const hidden = findHidden(doc);
  const selection = readSelection(doc, includeEditable, hidden);

  const clone = doc.cloneNode(true) as Document;
  dropHidden(clone, hidden);
  const drop = [FORM_SELECTOR, NOISE_SELECTOR, includeEditable ? '' : EDITABLE_SELECTOR].filter(Boolean).join(', ');
  for (const el of Array.from(clone.querySelectorAll(drop))) el.remove();
  for (const el of Array.from(clone.querySelectorAll<HTMLElement>('[style]'))) {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '')) el.remove();
  }

  const headings = readHeadings(clone);
  const bodyText = clone.body ? blockText(clone.body) : '';
  // Bound the work before redaction; fitToBudget makes the final, boundary-aware cut.
  const rawText = (opts.wholeBody ? bodyText : readMainText(clone, bodyText)).slice(0, maxChars * 2 + 1000);

  const h1 = headings[0] ?? '';
  const fields = {
    title: (doc.title || meta(doc, 'meta[property="og:title"]') || h1).trim(),
    url: opts.url ?? doc.location?.href ?? doc.URL ?? '',
    lang: (doc.documentElement?.getAttribute('lang') || meta(doc, 'meta[http-equiv="content-language" i]')).trim(),
    description: meta(doc, 'meta[name="description" i]') || meta(doc, 'meta[property="og:description"]'),
    selection: selection.slice(0, maxChars * 2 + 1000),
    headings: headings.join('\n'),
    text: rawText,
  };
  const redacted = opts.redact === false ? { fields, counts: undefined } : redactAll(fields);
  const f = redacted.fields;
  const snap: PageSnapshot = {
    title: f.title,
    url: f.url,
    lang: f.lang,
    description: f.description,
    selection: f.selection,
    headings: f.headings ? f.headings.split('\n') : [],
    text: f.text,
  };
  if (redacted.counts) snap.redactions = redacted.counts;
  // Only the code: this runs in the web page, without Hark's i18n; the panel says it in the user's language.
  if (!snap.text && !snap.selection) snap.noteCode = 'no-text';
  return fitToBudget(snap, maxChars);
}
