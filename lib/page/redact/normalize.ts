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

const cache = new Map<string, string>();

function fold(ch: string): string {
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  let out: string;
  if (INVISIBLE.test(ch)) out = '';
  else {
    out = '';
    for (const c of ch.normalize('NFKC')) {
      const cp = c.codePointAt(0)!;
      if (LOOKALIKES[c]) out += LOOKALIKES[c];
      else if (cp > 0x7f && DECIMAL_DIGIT.test(c)) out += String(digitValue(cp));
      else out += c;
    }
  }
  if (cache.size < 5000) cache.set(ch, out);
  return out;
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
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const out = cp < 0x80 ? input[i]! : fold(input.slice(i, i + width));
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(i + width);
    }
    parts.push(out);
    i += width;
  }
  return { text: parts.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** The original range [start, end) that the folded range [start, end) came from. */
export function originalRange(f: Folded, start: number, end: number): [number, number] {
  if (!f.from || !f.to) return [start, end];
  return [f.from[start]!, f.to[end - 1]!];
}
