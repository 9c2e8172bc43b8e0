/**
 * Removes personal data and secrets from page text before it leaves the browser. Pure, so the
 * same code runs in the page (extractor) and in tests. Every rule errs towards shapes that real
 * data has (checksums, known prefixes, phone layouts, labels) so ordinary numbers on a page
 * survive: the assistant is useless if it cannot read a price, a date or a version number.
 *
 * The rules match a folded view of the text (NFKC, digits of every script as ASCII, dash and dot
 * look-alikes, invisible characters dropped) and replace the matching parts of the original, so
 * the rest reads exactly as on the page. They run in phases, most specific first; each phase's
 * finds are blanked before the next, so a phone rule never sees half of a token.
 */
import { findCards, findIbans } from './redact/finance';
import { findEmails } from './redact/emails';
import { findLabelled } from './redact/labels';
import { foldForMatching, originalRange } from './redact/normalize';
import { findPhones } from './redact/phones';
import { mask, settle, type RedactionKind, type Rule, type Span } from './redact/spans';
import { findTokens } from './redact/tokens';
import { findUrlSecrets } from './redact/urls';

export type { RedactionKind, Span };
export { ibanValid, luhnValid } from './redact/checksums';
export const REDACTION_KINDS: readonly RedactionKind[] = ['secret', 'email', 'iban', 'card', 'phone'];

export interface Redacted {
  text: string;
  counts: Record<RedactionKind, number>;
}

const PHASES: Rule[][] = [
  [findTokens, findUrlSecrets, findLabelled], // secrets contain "@", digit runs and dots
  [findEmails],
  [findIbans], // before cards: an IBAN's digits can pass Luhn
  [findCards],
  [findPhones],
];

const emptyCounts = (): Record<RedactionKind, number> => ({ secret: 0, email: 0, iban: 0, card: 0, phone: 0 });

/** What would be replaced: spans of the original text, in order, never overlapping. */
export function findRedactions(input: string): Span[] {
  const folded = foldForMatching(input);
  let text = folded.text;
  const found: Span[] = [];
  for (const phase of PHASES) {
    const spans = settle(phase.flatMap((rule) => rule(text)));
    found.push(...spans);
    text = mask(text, spans);
  }
  return found
    .map((s) => {
      const [start, end] = originalRange(folded, s.start, s.end);
      return { start, end, kind: s.kind };
    })
    .sort((a, b) => a.start - b.start);
}

export function redact(input: string): Redacted {
  const counts = emptyCounts();
  const parts: string[] = [];
  let at = 0;
  for (const s of findRedactions(input)) {
    parts.push(input.slice(at, s.start), `[${s.kind}]`);
    counts[s.kind]++;
    at = s.end;
  }
  parts.push(input.slice(at));
  return { text: parts.join(''), counts };
}

/**
 * Redacts several fields with one tally (title, url, selection, text…). The page address goes
 * through the same rules, which include the URL-aware ones: "https://x.com/reset?token=[secret]".
 */
export function redactAll<T extends Record<string, string>>(fields: T): { fields: T; counts: Record<RedactionKind, number> } {
  const counts = emptyCounts();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    const r = redact(v);
    out[k] = r.text;
    for (const kind of REDACTION_KINDS) counts[kind] += r.counts[kind];
  }
  return { fields: out as T, counts };
}
