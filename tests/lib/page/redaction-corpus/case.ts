import type { RedactionKind } from '@/lib/page/redact';

/**
 * One labelled string of the redaction corpus: the text as a page would show it, and each piece of
 * it that must be replaced, with the placeholder kind it must get. A case with no expectations is a
 * negative: it must come back unchanged.
 */
export interface Case {
  text: string;
  expect: { kind: RedactionKind; value: string }[];
}

/** `c('Call (415) 555-0132', 'phone=(415) 555-0132')`: kind, "=", then the exact substring. */
export function c(text: string, ...expects: string[]): Case {
  return {
    text,
    expect: expects.map((e) => {
      const at = e.indexOf('=');
      return { kind: e.slice(0, at) as RedactionKind, value: e.slice(at + 1) };
    }),
  };
}
