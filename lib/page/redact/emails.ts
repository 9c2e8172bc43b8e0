/** E-mail addresses: ordinary ones (plus tags, sub-domains, IDN) and "name at domain dot com". */
import { scan, type Span } from './spans';

const LOCAL_CHAR = /[\p{L}\p{N}._%+'-]/u;
/**
 * The domain after "@": labels of letters/digits/hyphens, then a top-level domain of letters (or
 * punycode). Bounded repetitions, so a long run of look-alike text costs a constant per "@".
 */
const DOMAIN = /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}(?:\p{L}{2,24}|xn--[a-z0-9-]{1,59})(?![\p{L}\p{N}_-])/uy;
/** "logo@2x.png" is an image, not an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'css', 'js', 'ts', 'map']);

/**
 * Found from each "@" outwards rather than by one regex over the text: a local part may start
 * after a quote or a dot, and a regex allowed to start there rescans long runs from every dot.
 */
function plainEmails(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    if (start > 0 && LOCAL_CHAR.test(text[start - 1]!)) continue; // longer than any real local part
    while (start < at && /[.'-]/.test(text[start]!)) start++;
    if (start === at) continue;
    DOMAIN.lastIndex = at + 1;
    const d = DOMAIN.exec(text);
    if (!d) continue;
    const end = at + 1 + d[0].length;
    const tld = d[0].slice(d[0].lastIndexOf('.') + 1).toLowerCase();
    if (FILE_TLDS.has(tld)) continue;
    // "git@github.com:org/repo.git" is an SSH remote, the same public address for everyone.
    if (text[end] === ':' && /[\w/~]/.test(text[end + 1] ?? '')) continue;
    spans.push({ start, end, kind: 'email' });
  }
  return spans;
}

// Obfuscated forms: "jane dot doe at example dot com", "jane [at] example [dot] com", "hr{at}x{dot}org".
const WORD = String.raw`[\p{L}\p{N}_%+-]{1,64}`;
// In brackets the word may be German, French or Spanish ("[ät]", "(arobase)", "[punkt]"); bare, only
// English "at"/"dot" (a bare "punkt" or "point" is too common a word).
const DOT = String.raw`(?:\s*[\[({<]\s*(?:dot|punkt|point|punto)\s*[\])}>]\s*|\s+dot\s+|\.)`;
const AT = String.raw`(?:\s*[\[({<]\s*(?:at|ät|arobase|arroba|chez)\s*[\])}>]\s*|\s+at\s+|\s+@\s+)`;
const OBFUSCATED = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])(${WORD}(?:${DOT}${WORD}){0,4})(${AT})(${WORD}(?:${DOT}${WORD}){0,4}${DOT}\p{L}{2,24})(?![\p{L}\p{N}])`,
  'giu',
);

function obfuscatedEmails(text: string): Span[] {
  return scan(OBFUSCATED, text, 'email', (m) => {
    const [whole, local, at, domain] = m as unknown as [string, string, string, string];
    // A bare " at " is ordinary English ("meet us at example.com"); trust it only when the rest is
    // written out too (" dot "), or the name before it looks like a mailbox ("anna.k", "j_smith2").
    if (/^\s+at\s+$/i.test(at) && !/\sdot\s/i.test(domain) && !/[._\d]|\sdot\s/i.test(local)) return null;
    return [m.index, m.index + whole.length];
  });
}

export const findEmails = (text: string): Span[] => [...plainEmails(text), ...obfuscatedEmails(text)];
