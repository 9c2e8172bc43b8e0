/** Payment card numbers and IBANs: found by shape, confirmed by checksum. */
import { ibanLength, ibanValid, luhnValid } from './checksums';
import { NOT_CJK } from './boundaries';
import { scan, type Span } from './spans';

/**
 * Country code, check digits, then letters/digits with optional single spaces or dashes, any case
 * ("de89 3704 …", "GB82-WEST-…"). May run into a following word; `ibanIn` cuts it to the country's length.
 */
const IBAN = new RegExp(
  String.raw`(?<!${NOT_CJK}[\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?!${NOT_CJK}[\p{L}\p{N}])`,
  'gu',
);

/** The IBAN at the start of `m`, if its country's length of characters passes mod 97. */
function ibanIn(m: string): number | null {
  const want = ibanLength(m.slice(0, 2));
  if (!want) return null;
  let n = 0;
  let i = 0;
  let compact = '';
  for (; i < m.length && n < want; i++) {
    if (m[i] === ' ' || m[i] === '-') continue;
    compact += m[i]!.toUpperCase();
    n++;
  }
  if (n < want || (i < m.length && m[i] !== ' ' && m[i] !== '-')) return null;
  return ibanValid(compact) ? i : null;
}

export const findIbans = (text: string): Span[] =>
  scan(IBAN, text, 'iban', (m) => {
    const len = ibanIn(m[0]);
    return len === null ? null : [m.index, m.index + len];
  });

/**
 * 13–19 digits, issuers 2–6, with optional single spaces, dashes, dots or slashes. Not glued to a
 * word, a sign or another number ("+4111…", "v4.1…", "…/4111" in a path).
 */
const CARD = new RegExp(String.raw`(?<!${NOT_CJK}[\p{L}\p{N}_+.,/-])[2-6](?:[ ./-]?\d){12,18}(?!\d|[.,/-]\d)`, 'gu');

/**
 * Written card numbers come unbroken or in the printed groups: fours (Visa, Mastercard, Discover…,
 * the last group shorter on 13/19-digit cards), 4-6-5 (Amex) or 4-6-4 (Diners). Any other grouping
 * is a date, a price list or a reference, even when Luhn happens to pass.
 */
function cardGrouping(m: string): boolean {
  const seps = m.match(/[ ./-]/g);
  if (!seps) return true;
  if (new Set(seps).size > 1) return false;
  const sizes = m.split(/[ ./-]/).map((g) => g.length);
  const shape = sizes.join('-');
  if (shape === '4-6-5' || shape === '4-6-4') return true;
  return sizes.slice(0, -1).every((s) => s === 4) && sizes.at(-1)! >= 1 && sizes.at(-1)! <= 4;
}

export const findCards = (text: string): Span[] =>
  scan(CARD, text, 'card', (m) =>
    cardGrouping(m[0]) && luhnValid(m[0].replace(/\D/g, '')) ? [m.index, m.index + m[0].length] : null,
  );
