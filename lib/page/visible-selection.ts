/**
 * The user's selection as text, minus what the page hides in it. A page can select its own
 * hidden text (or the user can drag across an "sr-only" span), and `String(selection)` keeps
 * off-screen, transparent or clipped text; the hidden elements come from findHidden.
 */
import { SKIP, type HiddenMarks } from './hidden-dom';

/** Only when the selection touches a hidden element are its text nodes walked one by one. */
export function visibleSelection(sel: Selection, marks: HiddenMarks): string {
  const range = sel.getRangeAt(0);
  const touched = marks.live.filter(({ el }) => range.intersectsNode(el));
  if (!touched.length) return String(sel);
  const whole = new Set(touched.filter((t) => !t.ownText).map((t) => t.el));
  const own = new Set(touched.filter((t) => t.ownText).map((t) => t.el));
  const hidden = (t: Text) => {
    if (t.parentElement && own.has(t.parentElement)) return true;
    for (let e = t.parentElement; e; e = e.parentElement) if (whole.has(e) || SKIP.has(e.tagName.toUpperCase())) return true;
    return false;
  };
  const doc = range.startContainer.ownerDocument ?? (range.startContainer as Document);
  const view = doc.defaultView;
  const block = (e: Element) => !!view && /^(block|flex|grid|table|list-item|flow-root)/.test(view.getComputedStyle(e).display);
  /** A block starts or ends between two text nodes (then the page shows them apart). */
  const blockBetween = (a: Text, b: Text) => {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      for (let e = from.parentElement; e && !e.contains(to); e = e.parentElement) if (block(e)) return true;
    }
    return false;
  };
  const walker = doc.createTreeWalker(range.commonAncestorContainer, 4 /* NodeFilter.SHOW_TEXT */);
  const out: string[] = [];
  let last: Text | null = null;
  for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType !== 3 || !range.intersectsNode(n) || hidden(n as Text)) continue;
    const t = n as Text;
    const start = t === range.startContainer ? range.startOffset : 0;
    const end = t === range.endContainer ? range.endOffset : t.data.length;
    // Text in different blocks is separated, as the page shows it; inline neighbours are not.
    if (last && blockBetween(last, t)) out.push(' ');
    out.push(t.data.slice(start, end));
    last = t;
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}
