import { describe, expect, it } from 'vitest';
import { contrast, hiddenReason, HIDES_SUBTREE, parseColour, type Geometry, type StyleRecord } from '@/lib/page/visibility';

const BLACK = { r: 0, g: 0, b: 0, a: 1 };
const WHITE = { r: 255, g: 255, b: 255, a: 1 };

/** An ordinary paragraph: black 16px text on white. */
const style = (over: Partial<StyleRecord> = {}): StyleRecord => ({
  display: 'block', visibility: 'visible', opacity: 1, fontSize: 16, position: 'static', clip: 'auto',
  clipPath: 'none', overflowX: 'visible', overflowY: 'visible', textIndent: 0, color: BLACK, background: WHITE,
  textDecorated: false, overImage: false, rendered: true, contentVisibility: 'visible', ...over,
});

/** A document 1000×5000 px, scrolled to the top. */
const AREA = { left: 0, top: 0, right: 1000, bottom: 5000 };
const at = (left: number, top: number, w: number, h: number, area = AREA): Geometry => ({
  rect: { left, top, right: left + w, bottom: top + h }, area,
});
const P = at(10, 10, 600, 20);

describe('hiddenReason: visible text stays visible', () => {
  it('an ordinary paragraph, text below the fold, and text scrolled up inside its area', () => {
    expect(hiddenReason(style(), P, true)).toBeNull();
    expect(hiddenReason(style(), at(10, 4900, 600, 20), true)).toBeNull();
    // A chat log scrolled down: early messages are above the viewport but inside the log's area.
    expect(hiddenReason(style(), at(10, -300, 600, 20, { left: 0, top: -2000, right: 1000, bottom: 400 }), true)).toBeNull();
  });

  it('low but readable contrast, light text on a dark background, and gradient text', () => {
    expect(hiddenReason(style({ color: parseColour('rgb(118, 118, 118)') }), P, true)).toBeNull();
    expect(hiddenReason(style({ color: WHITE, background: parseColour('rgb(20, 20, 20)') }), P, true)).toBeNull();
    expect(hiddenReason(style({ color: parseColour('transparent'), textDecorated: true }), P, true)).toBeNull();
    // White words on a hero picture: the page behind is white, the picture under them is not.
    expect(hiddenReason(style({ color: WHITE, overImage: true }), P, true)).toBeNull();
  });

  it('a font-size:0 container and a visibility:hidden one are judged on their own text only', () => {
    expect(hiddenReason(style({ fontSize: 0 }), P, false)).toBeNull();
    expect(hiddenReason(style({ visibility: 'hidden' }), P, false)).toBeNull();
    expect(HIDES_SUBTREE.has('font-size')).toBe(false);
    expect(HIDES_SUBTREE.has('visibility')).toBe(false);
  });

  it('without layout (no geometry) only style decides; display:contents has no box of its own', () => {
    expect(hiddenReason(style(), null, true)).toBeNull();
    expect(hiddenReason(style({ display: 'contents' }), at(0, 0, 0, 0), true)).toBeNull();
  });

  it('a small but real box, and a clip that leaves room', () => {
    expect(hiddenReason(style({ overflowX: 'hidden', overflowY: 'hidden' }), at(10, 10, 40, 12), true)).toBeNull();
    expect(hiddenReason(style({ position: 'absolute', clip: 'rect(0px, 200px, 30px, 0px)' }), P, true)).toBeNull();
    expect(hiddenReason(style({ clipPath: 'inset(10%)' }), P, true)).toBeNull();
  });
});

describe('hiddenReason: each hiding technique', () => {
  it('display:none and content-visibility:hidden ancestors (checkVisibility false)', () => {
    expect(hiddenReason(style({ display: 'none' }), null, true)).toBe('display');
    expect(hiddenReason(style({ rendered: false }), P, true)).toBe('display');
    expect(hiddenReason(style({ contentVisibility: 'hidden' }), P, false)).toBe('display');
  });

  it('visibility:hidden and collapse', () => {
    expect(hiddenReason(style({ visibility: 'hidden' }), P, true)).toBe('visibility');
    expect(hiddenReason(style({ visibility: 'collapse' }), P, true)).toBe('visibility');
  });

  it('opacity 0 and nearly 0', () => {
    expect(hiddenReason(style({ opacity: 0 }), P, false)).toBe('opacity');
    expect(hiddenReason(style({ opacity: 0.01 }), P, true)).toBe('opacity');
  });

  it('font-size 0 and unreadably small', () => {
    expect(hiddenReason(style({ fontSize: 0 }), P, true)).toBe('font-size');
    expect(hiddenReason(style({ fontSize: 1 }), P, true)).toBe('font-size');
  });

  it('text the colour of its background, nearly so, or fully transparent', () => {
    expect(hiddenReason(style({ color: WHITE }), P, true)).toBe('same-colour');
    expect(hiddenReason(style({ color: parseColour('rgb(250, 250, 250)') }), P, true)).toBe('same-colour');
    expect(hiddenReason(style({ color: parseColour('rgb(1, 2, 3)'), background: parseColour('rgb(0, 0, 0)') }), P, true)).toBe('same-colour');
    expect(hiddenReason(style({ color: parseColour('rgba(0, 0, 0, 0)') }), P, true)).toBe('same-colour');
    // Black at 3% over white is still white to the eye.
    expect(hiddenReason(style({ color: parseColour('rgba(0, 0, 0, 0.03)') }), P, true)).toBe('same-colour');
  });

  it('an unknown background (an image) does not count as the same colour', () => {
    expect(hiddenReason(style({ color: WHITE, background: null }), P, true)).toBeNull();
  });

  it('the sr-only patterns: clip rect, clip-path inset(50%), a 1px box with overflow hidden', () => {
    expect(hiddenReason(style({ position: 'absolute', clip: 'rect(0px, 0px, 0px, 0px)' }), P, true)).toBe('clipped');
    expect(hiddenReason(style({ position: 'absolute', clip: 'rect(1px, 1px, 1px, 1px)' }), P, true)).toBe('clipped');
    expect(hiddenReason(style({ clipPath: 'inset(50%)' }), P, true)).toBe('clipped');
    expect(hiddenReason(style({ clipPath: 'inset(0px 50% 0px 50%)' }), P, true)).toBe('clipped');
    expect(hiddenReason(style({ clipPath: 'circle(0px at 50% 50%)' }), P, true)).toBe('clipped');
    expect(hiddenReason(style({ position: 'absolute', overflowX: 'hidden', overflowY: 'hidden' }), at(10, 10, 1, 1), false)).toBe('clipped');
  });

  it('off-screen: left of, above, or beyond the scrollable area, or text-indented away', () => {
    expect(hiddenReason(style({ position: 'absolute' }), at(-9999, 10, 600, 20), true)).toBe('offscreen');
    expect(hiddenReason(style({ position: 'absolute' }), at(10, -9999, 600, 20), true)).toBe('offscreen');
    expect(hiddenReason(style({ position: 'absolute', overflowX: 'hidden', overflowY: 'hidden' }), at(-9999, 10, 600, 20), false)).toBe('offscreen');
    // A box without text of its own is not measured: its text is, and moved with it.
    expect(hiddenReason(style({ position: 'absolute' }), at(-9999, 10, 600, 20), false)).toBeNull();
    expect(hiddenReason(style({ position: 'fixed' }), at(10, 900, 600, 20, { left: 0, top: 0, right: 1000, bottom: 800 }), true)).toBe('offscreen');
    expect(hiddenReason(style({ textIndent: -9999 }), P, true)).toBe('offscreen');
  });

  it('collapsed: zero height with overflow hidden, or a text box squeezed to nothing', () => {
    expect(hiddenReason(style({ overflowY: 'hidden' }), at(10, 10, 600, 0), false)).toBe('collapsed');
    expect(hiddenReason(style({ overflowX: 'clip', overflowY: 'clip' }), at(10, 10, 0, 40), false)).toBe('collapsed');
    expect(hiddenReason(style(), at(10, 10, 0, 0), true)).toBe('collapsed');
  });
});

describe('colours', () => {
  it('parses the computed forms Chromium returns', () => {
    expect(parseColour('rgb(1, 2, 3)')).toEqual({ r: 1, g: 2, b: 3, a: 1 });
    expect(parseColour('rgba(1, 2, 3, 0.5)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColour('rgb(1 2 3 / 50%)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColour('transparent')?.a).toBe(0);
    expect(parseColour('color(display-p3 1 0 0)')).toBeNull();
  });

  it('contrast runs from 1 (identical) to 21 (black on white)', () => {
    expect(contrast(WHITE, WHITE)).toBeCloseTo(1);
    expect(contrast(BLACK, WHITE)).toBeCloseTo(21);
  });
});
