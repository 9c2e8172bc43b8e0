/**
 * Finds what a stylesheet hides on the live page, before the extractor clones it: a clone has no
 * computed style and no layout, so this is the only place visibility can be decided. Reads
 * computed style and geometry (never changes the page) and hands back document-order indices,
 * which address the same elements in a deep clone. The rules themselves are in visibility.ts.
 */
import {
  HIDES_SUBTREE, over, parseColour, hiddenReason,
  type Box, type Geometry, type HiddenReason, type Rgba, type StyleRecord,
} from './visibility';

export interface HiddenMarks {
  /** How many elements `doc.getElementsByTagName('*')` held (the clone must hold as many). */
  total: number;
  /** Document-order indices of elements whose whole subtree is hidden. */
  subtree: number[];
  /** Indices of elements whose own text nodes are hidden (their children were judged apart). */
  ownText: number[];
  /** The same elements, live, for the selection (`ownText`: only their own text nodes are hidden). */
  live: Array<{ el: Element; ownText: boolean }>;
  reasons: Partial<Record<HiddenReason, number>>;
}

/** Not judged: removed by the extractor anyway, or never rendered as text. */
export const SKIP = new Set(['HEAD', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS',
  'INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'BR', 'WBR', 'IMG', 'VIDEO', 'AUDIO']);
const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

function hasOwnText(el: Element): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 && /\S/.test((n as Text).data)) return true;
  return false;
}

const box = (r: DOMRect): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });

/**
 * The area a scroller's content can be scrolled through, in client coordinates, given where its
 * padding box starts (`x`, `y`). Right-to-left content overflows to the left (scrollLeft <= 0).
 */
function scrollArea(el: Element, x: number, y: number, rtl: boolean): Box {
  const width = Math.max(el.scrollWidth, el.clientWidth);
  const top = y - el.scrollTop;
  const left = rtl ? x + el.clientWidth - el.scrollLeft - width : x - el.scrollLeft;
  return { left, top, right: left + width, bottom: top + Math.max(el.scrollHeight, el.clientHeight) };
}

const isRtl = (view: Window, el: Element) => view.getComputedStyle(el).direction === 'rtl';

function px(v: string, fallback: number): number {
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
}

/** The colour behind text, per element, computed once: big pages share long ancestor chains. */
class Backgrounds {
  private readonly known = new Map<Element, Rgba | null>();
  constructor(private readonly view: Window, private readonly canvas: Rgba | null) {}

  /** Own background colour (null: an image or a colour we cannot read, so unknown). */
  private own(e: Element): Rgba | null {
    const st = this.view.getComputedStyle(e);
    return st.backgroundImage && st.backgroundImage !== 'none' ? null : parseColour(st.backgroundColor);
  }

  /** `el`'s own background over its ancestors', up to the first opaque one. */
  behind(el: Element): Rgba | null {
    const chain: Array<[Element, Rgba | null]> = [];
    let base: Rgba | null = this.canvas; // what shows through when no ancestor paints
    for (let e: Element | null = el; e; e = e.parentElement) {
      if (this.known.has(e)) {
        base = this.known.get(e)!;
        break;
      }
      const own = this.own(e);
      chain.push([e, own]);
      if (!own || own.a >= 1) break; // unknown, or opaque: nothing below matters
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const [e, own] = chain[i]!;
      base = !own ? null : own.a >= 1 ? own : base && (own.a === 0 ? base : over(own, base));
      this.known.set(e, base);
    }
    return base;
  }
}

const MEDIA = new Set(['IMG', 'PICTURE', 'VIDEO', 'CANVAS', 'SVG', 'OBJECT', 'EMBED', 'IFRAME']);
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Boxes that paint pictures, found once and only if some text matches its background colour:
 * such text may sit on a picture (a hero image, often a positioned sibling), then it is shown.
 */
class Pictures {
  private boxes: Box[] | null = null;
  constructor(private readonly doc: Document, private readonly view: Window) {}

  under(r: Box): boolean {
    if (!this.boxes) {
      this.boxes = [];
      for (const e of Array.from(this.doc.getElementsByTagName('*'))) {
        if (!MEDIA.has(e.tagName.toUpperCase()) && this.view.getComputedStyle(e).backgroundImage === 'none') continue;
        const b = box(e.getBoundingClientRect());
        if (b.right > b.left && b.bottom > b.top) this.boxes.push(b);
      }
    }
    return this.boxes.some((b) => overlap(b, r));
  }
}

/**
 * A StyleRecord read from the live element on demand: hiddenReason reads only what it needs,
 * in order, and most elements need only a few values (one object per element, not a record
 * of every property, which on a 30,000-element page is mostly garbage).
 */
class LiveStyle implements StyleRecord {
  constructor(
    private readonly el: Element,
    private readonly s: CSSStyleDeclaration,
    private readonly bg: Backgrounds,
    private readonly pictures: Pictures | null,
  ) {}
  get display() { return this.s.display; }
  get contentVisibility() { return this.s.getPropertyValue('content-visibility'); }
  get opacity() { return px(this.s.opacity, 1); }
  get position() { return this.s.position; }
  get clip() { return this.s.clip || 'auto'; }
  get clipPath() { return this.s.clipPath || 'none'; }
  get overflowX() { return this.s.overflowX; }
  get overflowY() { return this.s.overflowY; }
  get visibility() { return this.s.visibility; }
  get fontSize() { return px(this.s.fontSize, 16); }
  get textIndent() { return px(this.s.textIndent, 0); }
  // -webkit-text-fill-color paints the glyphs when set; it defaults to the text colour.
  get color() { return parseColour(this.s.getPropertyValue('-webkit-text-fill-color') || this.s.color); }
  get background() { return this.bg.behind(this.el); }
  get textDecorated() {
    const s = this.s;
    return px(s.getPropertyValue('-webkit-text-stroke-width'), 0) > 0 ||
      s.getPropertyValue('background-clip') === 'text' || s.getPropertyValue('-webkit-background-clip') === 'text';
  }
  get overImage() { return !!this.pictures?.under(box(this.el.getBoundingClientRect())); }
  get rendered() { return typeof this.el.checkVisibility === 'function' ? this.el.checkVisibility() : true; }
}

class LiveGeometry implements Geometry {
  constructor(private readonly el: Element, readonly area: Box) {}
  get rect() { return box(this.el.getBoundingClientRect()); }
}

export function findHidden(doc: Document): HiddenMarks {
  const view = doc.defaultView;
  const all = doc.getElementsByTagName('*');
  const marks: HiddenMarks = { total: all.length, subtree: [], ownText: [], live: [], reasons: {} };
  if (!view) return marks;
  const root = doc.documentElement;
  const scroller = doc.scrollingElement ?? root;
  // Without layout (a document that was never rendered) geometry is unknown, not zero.
  const laidOut = !!root && (root.getBoundingClientRect().width > 0 || root.getBoundingClientRect().height > 0);
  const docArea = scrollArea(scroller, 0, 0, isRtl(view, scroller));
  const viewport: Box = { left: 0, top: 0, right: view.innerWidth, bottom: view.innerHeight };
  // A dark colour scheme paints the canvas dark; then an unset background is unknown, not white.
  const dark = view.matchMedia?.('(prefers-color-scheme: dark)').matches && /dark/.test(view.getComputedStyle(root).colorScheme ?? '');
  const backgrounds = new Backgrounds(view, dark ? null : WHITE);
  const pictures = laidOut ? new Pictures(doc, view) : null;

  const containers: Array<{ el: Element; area: Box }> = [];
  let skipped: Element | null = null;
  for (let i = 0; i < all.length; i++) {
    const el = all[i]!;
    if (skipped) {
      if (skipped.contains(el)) continue;
      skipped = null;
    }
    if (SKIP.has(el.tagName.toUpperCase())) {
      skipped = el;
      continue;
    }
    if (!el.firstChild) continue; // no text below it: nothing to hide
    while (containers.length && !containers.at(-1)!.el.contains(el)) containers.pop();
    const s = view.getComputedStyle(el);
    // The root's and body's overflow belongs to the viewport (a modal's `body{overflow:hidden}`),
    // and their box may be empty while all content is positioned: never judge them by geometry.
    const measurable = laidOut && el !== root && el !== doc.body;
    const area = measurable ? (s.position === 'fixed' ? viewport : containers.at(-1)?.area ?? docArea) : docArea;
    const reason = hiddenReason(new LiveStyle(el, s, backgrounds, pictures), measurable ? new LiveGeometry(el, area) : null, hasOwnText(el));
    if (reason) {
      marks.reasons[reason] = (marks.reasons[reason] ?? 0) + 1;
      marks.live.push({ el, ownText: !HIDES_SUBTREE.has(reason) });
      if (HIDES_SUBTREE.has(reason)) {
        marks.subtree.push(i);
        skipped = el;
        continue;
      }
      marks.ownText.push(i);
    }
    // Content that scrolls inside this box is judged against the box's scrollable area.
    if (measurable && /auto|scroll/.test(s.overflowX + s.overflowY)) {
      const r = el.getBoundingClientRect();
      containers.push({ el, area: scrollArea(el, r.left + el.clientLeft, r.top + el.clientTop, s.direction === 'rtl') });
    }
  }
  return marks;
}

/**
 * Removes from `clone` (a deep clone of the document `marks` was taken from) what the user
 * cannot see: hidden subtrees, hidden own text, and the body of closed <details>.
 */
export function dropHidden(clone: Document, marks: HiddenMarks): void {
  const els = Array.from(clone.getElementsByTagName('*'));
  // The indices address the live document; a clone of another shape would drop the wrong text.
  if (els.length !== marks.total) throw new Error('The page changed while it was read.');
  for (const i of marks.ownText) {
    for (const n of Array.from(els[i]!.childNodes)) if (n.nodeType === 3) n.remove();
  }
  for (const i of marks.subtree) els[i]!.remove();
  // A closed <details> shows only its first <summary>, whatever the style says.
  for (const d of Array.from(clone.querySelectorAll('details:not([open])'))) {
    const summary = Array.from(d.children).find((c) => c.tagName === 'SUMMARY');
    for (const n of Array.from(d.childNodes)) if (n !== summary) n.remove();
  }
}
