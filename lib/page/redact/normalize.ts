/**
 * A matching view of page text: each character folded to the form the rules expect, with a map
 * back to the original. Rules run on the folded view; replacements are made in the original, so
 * everything that is not redacted reaches the model exactly as the user reads it (NFKC would turn
 * "10²" into "102", "½" into "1⁄2" and change Japanese half-width kana; a secret written in
 * full-width digits is still found because the rules see "4111…").
 */

/** Invisible characters that can be slipped into a secret to split it; dropped from the view. */
const INVISIBLE = /^[\u00AD\u034F\u180E\u200B-\u200F\u2060-\u2064\uFEFF]$/;

/** Look-alikes NFKC leaves alone but people use in numbers and addresses. */
const LOOKALIKES: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2043': '-', '\uFE58': '-', '\uFE63': '-', '\u3002': '.', '\uFF61': '.', '\u2024': '.',
};

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit from any script: Unicode lays each script's digits out as a run of
 * ten starting at zero, so the count of digit code points before it in its run, mod 10, is its value.
 */
function digitValue(cp: number): number {
  let n = 0;
  while (n < 80 && DECIMAL_DIGIT.test(String.fromCodePoint(cp - n - 1))) n++;
  return n % 10;
}

/** Folded form of each non-ASCII code point seen (null: unchanged); pages repeat the same few hundred. */
const cache = new Map<number, string | null>();

function fold(cp: number): string | null {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  let out = '';
  if (!INVISIBLE.test(ch)) {
    for (const c of ch.normalize('NFKC')) {
      const v = c.codePointAt(0)!;
      if (LOOKALIKES[c]) out += LOOKALIKES[c];
      else if (v > 0x7f && DECIMAL_DIGIT.test(c)) out += String(digitValue(v));
      else out += c;
    }
  }
  const result = out === ch ? null : out;
  if (cache.size < 20000) cache.set(cp, result);
  return result;
}

export interface Folded {
  /** The text the rules match against. */
  text: string;
  /** For each folded code unit, where its source character starts and ends in the original; null when identical. */
  from: Int32Array | null;
  to: Int32Array | null;
}

export function foldForMatching(input: string): Folded {
  // Plain ASCII (most pages in English, all URLs) needs no folding and no map.
  if (!/[^\x00-\x7f]/.test(input)) return { text: input, from: null, to: null };
  let from = new Int32Array(input.length + 64);
  let to = new Int32Array(input.length + 64);
  let n = 0;
  const parts: string[] = [];
  let kept = 0; // start of the run of characters copied unchanged, flushed at the next change
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const out = cp < 0x80 ? null : fold(cp);
    const same = out === null;
    const units = same ? width : out.length;
    if (n + units > from.length) {
      from = grow(from);
      to = grow(to);
    }
    for (let k = 0; k < units; k++, n++) {
      from[n] = i;
      to[n] = i + width;
    }
    if (!same) {
      parts.push(input.slice(kept, i), out!);
      kept = i + width;
    }
    i += width;
  }
  parts.push(input.slice(kept));
  return { text: parts.join(''), from: from.subarray(0, n), to: to.subarray(0, n) };
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The original range [start, end) that the folded range [start, end) came from. */
export function originalRange(f: Folded, start: number, end: number): [number, number] {
  if (!f.from || !f.to) return [start, end];
  return [f.from[start]!, f.to[end - 1]!];
}
