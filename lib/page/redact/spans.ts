/**
 * Rules report spans (what to replace, with which placeholder) instead of rewriting text, so that
 * several rules can look at the same text, overlaps are settled in one place, and the spans can be
 * mapped back from the folded view to the original.
 */
export type RedactionKind = 'secret' | 'email' | 'iban' | 'card' | 'phone';

export interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
}

export type Rule = (text: string) => Span[];

/**
 * Runs a global regex over `text` and turns each match into a span via `pick` (null: not a match
 * after all). `pick` gets the match and returns [start, end] in text coordinates. After a refused
 * match the search goes on from `retryFrom` (default: its end), so a match inside it can still be
 * found ("cookie: sessionid=…" is refused, then "sessionid=…" matches).
 */
export function scan(
  re: RegExp,
  text: string,
  kind: RedactionKind,
  pick: (m: RegExpExecArray) => [number, number] | null = (m) => [m.index, m.index + m[0].length],
  retryFrom?: (m: RegExpExecArray) => number,
): Span[] {
  const spans: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    const r = pick(m);
    if (r && r[1] > r[0]) spans.push({ start: r[0], end: r[1], kind });
    else if (retryFrom) re.lastIndex = Math.max(m.index + 1, retryFrom(m));
  }
  return spans;
}

/** Offset of capture group `g` in a match, found after the groups before it (no `d` flag needed). */
export function groupStart(m: RegExpExecArray, g: number): number {
  let at = m.index;
  for (let i = 1; i < g; i++) at += (m[i] ?? '').length;
  return at;
}

/** Keeps non-overlapping spans: earliest first, and of two starting together the longer. */
export function settle(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  let end = -1;
  for (const s of sorted) {
    if (s.start >= end) {
      kept.push(s);
      end = s.end;
    }
  }
  return kept;
}

/**
 * Blanks accepted spans with a control character of the same length: offsets stay valid, and later
 * rules see a boundary there, not half a token to match again.
 */
export function mask(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start), '\u0001'.repeat(s.end - s.start));
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
