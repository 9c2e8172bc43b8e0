import { describe, expect, it } from 'vitest';
import { findRedactions, redact, REDACTION_KINDS, type RedactionKind, type Span } from '@/lib/page/redact';
import { CORPUS, HOLDOUT, HOLDOUT2, HOLDOUT3, type Case } from './redaction-corpus';

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

const ALNUM = /[\p{L}\p{N}]/u;

/**
 * A span finds an expected value when it has the right kind, covers all of the value, and reaches
 * past it only over spaces or punctuation (a span eating a neighbouring word is a wrong span).
 */
function covers(text: string, s: Span, kind: RedactionKind, at: number, value: string): boolean {
  const end = at + value.length;
  return (
    s.kind === kind &&
    s.start <= at &&
    s.end >= end &&
    !ALNUM.test(text.slice(s.start, at)) &&
    !ALNUM.test(text.slice(end, s.end))
  );
}

function score(cases: Case[]) {
  const tally = Object.fromEntries(REDACTION_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<RedactionKind, Tally>;
  const misses: string[] = [];
  for (const c of cases) {
    const spans = findRedactions(c.text);
    const used = new Set<Span>();
    for (const e of c.expect) {
      const at = c.text.indexOf(e.value);
      const hit = spans.find((s) => !used.has(s) && covers(c.text, s, e.kind, at, e.value));
      if (hit) {
        used.add(hit);
        tally[e.kind].tp++;
      } else {
        tally[e.kind].fn++;
        misses.push(`missed ${e.kind} "${e.value}" in: ${redact(c.text).text}`);
      }
    }
    for (const s of spans) {
      if (used.has(s)) continue;
      tally[s.kind].fp++;
      misses.push(`wrong ${s.kind} "${c.text.slice(s.start, s.end)}" in: ${c.text}`);
    }
  }
  const total = Object.values(tally).reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
  return { tally, misses, precision: ratio(total.tp, total.tp + total.fp), recall: ratio(total.tp, total.tp + total.fn) };
}

describe('redaction corpus', () => {
  it('is labelled consistently: every expected value occurs once in its string', () => {
    for (const c of CORPUS) {
      for (const e of c.expect) {
        expect(c.text.indexOf(e.value), `${e.value} in ${c.text}`).toBeGreaterThanOrEqual(0);
        expect(c.text.indexOf(e.value, c.text.indexOf(e.value) + 1), `${e.value} twice in ${c.text}`).toBe(-1);
      }
    }
    const negatives = CORPUS.filter((c) => c.expect.length === 0).length;
    expect(CORPUS.length).toBeGreaterThanOrEqual(400);
    expect(negatives / CORPUS.length).toBeGreaterThan(0.4);
  });

  it('finds the labelled data with precision and recall of at least 0.97', () => {
    const { tally, misses, precision, recall } = score(CORPUS);
    for (const k of REDACTION_KINDS) {
      const t = tally[k];
      console.log(
        `[redaction] ${k.padEnd(6)} precision ${ratio(t.tp, t.tp + t.fp).toFixed(3)} recall ${ratio(t.tp, t.tp + t.fn).toFixed(3)} (${t.tp + t.fn} values, ${t.fp} wrong)`,
      );
    }
    for (const [name, part] of [['held-out part 1', HOLDOUT], ['held-out part 2', HOLDOUT2], ['held-out part 3', HOLDOUT3]] as const) {
      const held = score(part);
      console.log(`[redaction] ${name}: precision ${held.precision.toFixed(3)} recall ${held.recall.toFixed(3)} (${part.length} strings)`);
    }
    console.log(`[redaction] precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} (${CORPUS.length} strings)`);
    if (misses.length) console.log(misses.map((m) => `[redaction]   ${m}`).join('\n'));
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it('leaves every negative string exactly as it was', () => {
    const changed = CORPUS.filter((c) => c.expect.length === 0 && redact(c.text).text !== c.text).map((c) => c.text);
    // Reported by the precision figure above; listed here so a regression names its strings.
    expect(changed.length, changed.join('\n')).toBeLessThanOrEqual(Math.floor(CORPUS.length * 0.01));
  });
});
