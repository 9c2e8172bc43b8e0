/**
 * Is this element's text something the user can see? Pure rules over a small record of computed
 * style and geometry, so they can be unit-tested without a layout engine; `hidden-dom.ts` fills
 * the records from the live page. Text a stylesheet hides is a favourite place for prompt
 * injection ("ignore previous instructions" in white on white), so what the user cannot see is
 * not read.
 */

/** Why an element's text is not visible (null: it is). */
export type HiddenReason =
  | 'display' // display:none, content-visibility:hidden, or checkVisibility() said it is not rendered
  | 'visibility' // visibility:hidden / collapse
  | 'opacity' // opacity (near) 0
  | 'font-size' // text too small to read
  | 'same-colour' // text colour (nearly) the background's, or fully transparent text
  | 'clipped' // clip / clip-path / 1px box with overflow hidden (the "sr-only" patterns)
  | 'offscreen' // entirely outside the area the user can scroll to, or text-indented away
  | 'collapsed'; // zero height or width with overflow hidden, or a text box with no size at all

/**
 * Reasons that hide the whole subtree. The others (visibility, font size, colour, indent) are
 * inherited values a child can override (`visibility:visible`, `font-size:16px` inside the
 * common `font-size:0` layout trick), so they only hide the element's own text.
 */
export const HIDES_SUBTREE: ReadonlySet<HiddenReason> = new Set(['display', 'opacity', 'clipped', 'offscreen', 'collapsed']);

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

export interface StyleRecord {
  display: string;
  visibility: string;
  opacity: number;
  /** Computed font size in px. */
  fontSize: number;
  position: string;
  /** Computed `clip` ("auto" or "rect(…)"). */
  clip: string;
  clipPath: string;
  overflowX: string;
  overflowY: string;
  /** Computed text-indent in px. */
  textIndent: number;
  /** Text colour, and the colour it is drawn on (null: unknown, e.g. a background image). */
  color: Rgba | null;
  background: Rgba | null;
  /** Something other than the fill makes glyphs visible: -webkit-text-stroke, background-clip:text. */
  textDecorated: boolean;
  /**
   * The text's box overlaps an image (img, video, canvas, svg) or a box with a background image:
   * white words on a hero photo are drawn on the picture, not on the white page behind it.
   */
  overImage: boolean;
  /** `Element.checkVisibility()` (no options): false inside display:none or content-visibility:hidden. */
  rendered: boolean;
  contentVisibility: string;
}

/** A box in client coordinates. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Geometry {
  /** The element's border box (getBoundingClientRect). */
  rect: Box;
  /** The area the user can scroll to that holds it: its scroll container's content, or the document's. */
  area: Box;
}

/** Below this opacity text is not readable. */
export const MIN_OPACITY = 0.05;
/** Below this font size (px) text is not readable. */
export const MIN_FONT_PX = 3;
/** WCAG contrast ratio below which text cannot be told from its background (1 = identical). */
export const MIN_CONTRAST = 1.15;
/** A text-indent pushing text this far left has left the box (the old image-replacement trick). */
const INDENT_AWAY_PX = -999;

const CLIPPING = /^(hidden|clip|scroll|auto)$/;

const num = (s: string) => Number.parseFloat(s);

/** "rect(0px, 0px, 0px, 0px)", "rect(1px 1px 1px 1px)": a clip rectangle with no area. */
function clipHides(clip: string, position: string): boolean {
  if (position !== 'absolute' && position !== 'fixed') return false; // clip only applies to those
  const m = /^rect\((.*)\)$/i.exec(clip.trim());
  if (!m) return false;
  const [top, right, bottom, left] = m[1]!.split(/[\s,]+/).map((v) => (v === 'auto' ? NaN : num(v)));
  if ([top, right, bottom, left].some((v) => v === undefined || Number.isNaN(v))) return false;
  return right! - left! <= 1 || bottom! - top! <= 1;
}

/** inset(50%) and more, circle(0), ellipse(0 …), polygon of one point: nothing of the box shows. */
function clipPathHides(clipPath: string): boolean {
  const s = clipPath.trim().toLowerCase();
  const inset = /^inset\(([^)]*)\)/.exec(s);
  if (inset) {
    const parts = inset[1]!.split(/\s+round\s+/)[0]!.trim().split(/\s+/);
    const pct = parts.map((p) => (p.endsWith('%') ? num(p) : NaN));
    const [t, r = t, b = t, l = r] = pct;
    return (t! + b! >= 100) || (l! + r! >= 100);
  }
  if (/^(circle|ellipse)\(\s*0(px|%)?[\s)]/.test(s)) return true;
  const poly = /^polygon\(([^)]*)\)/.exec(s);
  if (poly) return new Set(poly[1]!.split(',').map((p) => p.trim().replace(/\s+/g, ' '))).size === 1;
  return false;
}

/** Parses computed colours: "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)", "rgb(1 2 3 / 50%)", "transparent". */
export function parseColour(s: string): Rgba | null {
  const v = s.trim().toLowerCase();
  if (v === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%)?)?\s*\)$/.exec(v);
  if (!m) return null;
  const a = m[4] === undefined ? 1 : num(m[4]) / (m[5] ? 100 : 1);
  return { r: num(m[1]!), g: num(m[2]!), b: num(m[3]!), a: Math.max(0, Math.min(1, a)) };
}

/** `top` drawn over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a;
  const mix = (t: number, b: number) => t * a + b * (1 - a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two opaque colours: 1 (identical) to 21 (black on white). */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Entirely outside `area`: the user can never scroll it into view. */
function outside(r: Box, area: Box): boolean {
  return r.right <= area.left || r.bottom <= area.top || r.left >= area.right || r.top >= area.bottom;
}

/**
 * Why `style`/`geometry` hide the element's text, or null when the user can see it.
 * `hasOwnText`: the element has a non-blank text node of its own (rules about glyphs apply only
 * then). `geometry` null: no layout is known (a document without rendering), so geometry rules
 * are skipped rather than guessed. Fields are read in order of cost and only when needed, so a
 * caller may fill the record lazily (getters): most elements are decided by a few style reads.
 * Geometry alone is not judged on boxes without text of their own unless they clip: text
 * pushed away with its container has its own box pushed away too, and is caught there.
 */
export function hiddenReason(style: StyleRecord, geometry: Geometry | null, hasOwnText: boolean): HiddenReason | null {
  if (style.display === 'none' || style.contentVisibility === 'hidden') return 'display';
  if (style.opacity < MIN_OPACITY) return 'opacity';
  if (clipHides(style.clip, style.position) || clipPathHides(style.clipPath)) return 'clipped';
  const clipsX = CLIPPING.test(style.overflowX);
  const clipsY = CLIPPING.test(style.overflowY);
  if (geometry && style.display !== 'contents' && (hasOwnText || clipsX || clipsY)) {
    const { rect } = geometry;
    const w = rect.right - rect.left;
    const h = rect.bottom - rect.top;
    if (clipsX && clipsY && w <= 1 && h <= 1) return 'clipped';
    if ((clipsY && h <= 0) || (clipsX && w <= 0)) return 'collapsed';
    if (w > 0 && h > 0 && outside(rect, geometry.area)) return 'offscreen';
    // Text always takes room; a text box with none was scaled or squeezed to nothing.
    if (hasOwnText && w <= 0 && h <= 0) return 'collapsed';
  }
  if (!hasOwnText) return null;
  if (style.visibility === 'hidden' || style.visibility === 'collapse') return 'visibility';
  if (style.fontSize < MIN_FONT_PX) return 'font-size';
  if (style.textIndent <= INDENT_AWAY_PX) return 'offscreen';
  const { color, background } = style;
  if (color && (color.a < MIN_OPACITY || (background && contrast(over(color, background), background) < MIN_CONTRAST))) {
    if (!style.textDecorated && !style.overImage) return 'same-colour';
  }
  // Last, the browser's own verdict (content-visibility or display:none further up, closed <details>).
  return style.rendered ? null : 'display';
}
