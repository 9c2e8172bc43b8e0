/**
 * Phone numbers. Each layout is tight enough to leave dates, versions, prices, IDs and times alone:
 * international (+ or 00), North American (415) 555-0132 / 415.555.0132, trunk-prefixed national
 * (020 7946 0958, 030 1234567, 01 23 45 67 89, 03-1234-5678), a few national mobile layouts, and
 * any digit run right after a word such as "Tel:" or "call" (the one place a bare 4155550132 is a phone).
 */
import { NOT_CJK } from './boundaries';
import { groupStart, scan, type Span } from './spans';

/** Not glued to a word, a sign or the tail of another number. */
const BEFORE = String.raw`(?<!${NOT_CJK}[\p{L}\p{N}_.,/+-])`;
const AFTER = String.raw`(?!${NOT_CJK}[\p{L}\p{N}_-]|[.,/]\d)`;

const LAYOUTS: RegExp[] = [
  // +CC or (+CC), then digits with single separators and "(0)" or "(415)" groups.
  new RegExp(String.raw`(?<!${NOT_CJK}[\p{L}\p{N}_+])(?:\+[1-9]|\(\+[1-9]\d{0,2}\))(?:[ .-]?(?:\(\d{1,5}\)|\d)){6,17}${AFTER}`, 'gu'),
  // 00 dialling prefix: only written in groups (a bare 00… run is an ID).
  new RegExp(String.raw`${BEFORE}00[1-9]\d{0,2}(?:[ .-]\(?\d{1,8}\)?){2,6}${AFTER}`, 'gu'),
  // North American: (415) 555-0132, 415.555.0132, 1-800-555-0199.
  new RegExp(String.raw`${BEFORE}(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}${AFTER}`, 'gu'),
  // Trunk-prefixed national numbers: 020 7946 0958, 089/12345678, 0800 / 123 45 67, 01 23 45 67 89.
  new RegExp(String.raw`${BEFORE}(?:0[1-9]\d{0,4}(?: ?\/ ?|[ .-])|\(0\d{1,4}\) ?)\d{2,8}(?:[ .-]\d{2,8}){0,3}${AFTER}`, 'gu'),
  // Brazil without the trunk 0: (11) 91234-5678, (21) 2345-6789.
  new RegExp(String.raw`${BEFORE}\(\d{2}\) ?9?\d{4}-\d{4}${AFTER}`, 'gu'),
  // Australia's national 1300 / 1800 numbers.
  new RegExp(String.raw`${BEFORE}1[38]00 \d{3} \d{3}${AFTER}`, 'gu'),
  // India mobile: 98765 43210.
  new RegExp(String.raw`${BEFORE}[6-9]\d{4}[ -]\d{5}${AFTER}`, 'gu'),
];

/** Words that say a phone number follows, in the languages the options page speaks and a few more. */
const LABEL = String.raw`direct line|durchwahl|l[ií]nea directa|ligne directe|tel|tél|tel[eé]fono|telefone|telefon|t[eé]l[eé]phone|phone|ph|mobile|mob|cell|cellphone|handy|portable|celular|m[oó]vil|fax|telefax|hotline|helpline|whatsapp|sms|text|call|dial|ring|тел|телефон|電話|電話番号|携帯|手机|电话`;
const CONTEXT = new RegExp(
  String.raw`(?<!${NOT_CJK}[\p{L}\p{N}_])(${LABEL})(\.?\s*(?:no\.?|number|nr\.?|#|番号)?\s*[:：]?\s*(?:(?:us|me|them|him|her)\s+)?(?:(?:at|on)\s+)?)(\+?\(?\d[\d ().\/-]{5,18}\d)${AFTER}`,
  'giu',
);

/** A date or a time range (02.12.2026, 09.30-10.45) has a number's digits but not its shape. */
function dateLike(m: string): boolean {
  const t = m.trim();
  if (/^\d{1,4}([./-])\d{1,2}\1\d{1,4}$/.test(t)) return true;
  // A date or time at the start with the separator changing after it: "09.30-10.45", "2026-12-02 14".
  return /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/.test(t) && new Set(t.match(/[ ./-]/g)).size > 1;
}

const digitCount = (s: string) => s.replace(/\D/g, '').length;

/**
 * National layouts without a "+" share their shape with IDs: two short groups ("SKU 0400-1234")
 * or three or more groups of four ("0123-4567-8901", a serial) are not how numbers are printed.
 */
function nationalShape(m: string): boolean {
  const groups = m.split(/[ ./-]+/).filter(Boolean);
  if (groups.length === 2 && digitCount(m) < 9) return false;
  return !(groups.length >= 3 && groups.every((g) => g.replace(/\D/g, '').length === 4));
}

function plausible(m: string): boolean {
  const n = digitCount(m);
  if (/^\(?\+/.test(m) || m.startsWith('00')) return n >= 8 && n <= 15;
  return n >= 7 && n <= 13 && !dateLike(m) && nationalShape(m);
}

/**
 * A number introduced as an ID ("Tracking number 1Z 999 AA1 01 2345 6784", "Customer no. …") is not
 * a phone, unless a phone word comes after the ID word ("Order questions? Call 020 …"). "Customer"
 * or "account" alone is not an ID word: "Customer service: 020 7946 0958" is a phone.
 */
const ID_WORD =
  /(?<![A-Za-z])(?:tracking|order|invoice|serial|sku|isbn|issn|ticket|booking|ref|reference|id|(?:customer|account|client|member|case|part|model|meeting|contract|policy|transaction)\s*(?:no|nr|number|#|id))(?![A-Za-z])/gi;
const PHONE_WORD = new RegExp(String.raw`(?<![\p{L}])(?:${LABEL})(?![\p{L}])`, 'giu');

function introducedAsId(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(Math.max(lineStart, start - 40), start);
  const lastIndex = (re: RegExp) => {
    let at = -1;
    re.lastIndex = 0;
    for (let m = re.exec(before); m; m = re.exec(before)) at = m.index;
    return at;
  };
  const id = lastIndex(ID_WORD);
  return id !== -1 && lastIndex(PHONE_WORD) < id;
}

/**
 * A greedy layout can run into a number after the phone ("+44 20 7946 0958 2026"): drop trailing
 * groups until it is plausible.
 */
function trimmed(m: string): number | null {
  for (let end = m.length; end > 0; end = Math.max(m.lastIndexOf(' ', end - 1), m.lastIndexOf('-', end - 1))) {
    if (plausible(m.slice(0, end))) return end;
    if (end <= 0) break;
  }
  return null;
}

export function findPhones(text: string): Span[] {
  const spans: Span[] = [];
  for (const re of LAYOUTS) {
    spans.push(
      ...scan(re, text, 'phone', (m) => {
        const end = trimmed(m[0]);
        if (end === null) return null;
        if (!/^\(?\+/.test(m[0]) && introducedAsId(text, m.index)) return null;
        return [m.index, m.index + end];
      }),
    );
  }
  spans.push(
    ...scan(CONTEXT, text, 'phone', (m) => {
      const num = m[3]!;
      const n = digitCount(num);
      if (n < 7 || n > 15 || dateLike(num)) return null;
      const start = groupStart(m, 3);
      return [start, start + num.length];
    }),
  );
  return spans;
}
