/**
 * Attack tests for the history exports: hostile titles and messages must come out of the Markdown
 * export as literal text. No Markdown renderer is installed here (node_modules has none), so the
 * output is checked structurally by a small reader written for this test, independent of the
 * escaper: every character that could open HTML, a link, an image, emphasis, code, a table or
 * math must be backslash-escaped or an entity, and no line may open a block; decoding the escapes
 * must give back the original text (the file stays readable and loses nothing).
 */
import { describe, expect, it } from 'vitest';
import { exportFileName, toJson, toMarkdown, type Conversation } from '@/lib/history/export';
import type { Message } from '@/lib/transcript/reduce';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<iframe src="https://evil.example/"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<!-- hidden -->visible',
  '<div>\n\n*md inside html*\n\n</div>',
  '[click](javascript:alert(1))',
  '[click]( javascript:alert(1) "title")',
  '![](http://tracker.example/pixel.png)',
  '![x][ref]\n[ref]: http://tracker.example/p.png',
  '[^1]\n[^1]: http://tracker.example/note',
  '<http://evil.example/>',
  '<mailto:someone@evil.example>',
  '\\[escape cancel](javascript:alert(1))',
  '&lt;img src=x onerror=alert(1)&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '# Heading',
  'Foo ##',
  'Title\n===',
  'Title\n---',
  '- item\n+ item\n* item',
  '1. one\n2) two',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '```\neverything after this is code',
  '~~~js\ncode',
  '> quoted\n>> deeper',
  '    indented code\n\tand a tab',
  '***\n___\n- - -',
  '**bold** _em_ ~~strike~~ `code`',
  '$\\unicode{x}$ and $$x^2$$',
  'para\n{: onclick="alert(1)"}',
  'Term\n: definition',
  'nul\u0000 esc\u001b[31m bidi\u202Egnp.exe',
  'CRLF\r\nand CR\rend',
  '   \n\n  spaced  \n\n\n  lines  ',
];

/** Characters that must never appear bare: each one opens some Markdown or HTML syntax. */
const ACTIVE = new Set('\\`*_~[]|${}<>&');

/** Decodes one escaped fragment, or returns null when it holds an active character unescaped. */
function literal(fragment: string): string | null {
  let out = '';
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment[i]!;
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(fragment[i + 1] ?? '')) out += fragment[++i];
    else if (c === '&') {
      const entity = /^&(amp|lt|gt);/.exec(fragment.slice(i));
      if (!entity) return null;
      out += { amp: '&', lt: '<', gt: '>' }[entity[1] as 'amp'];
      i += entity[0].length - 1;
    } else if (ACTIVE.has(c)) return null;
    else out += c;
  }
  return out;
}

/** A line that would open a block (or end a paragraph) if it started a line of the file. */
const OPENS_BLOCK = /^(\s|[#>+\-=:|<]|\d{1,9}[.)]|`|~|\*|_)/;

/** What the reader should see: controls gone, whitespace runs as one space, no blank lines. */
function expectedLines(text: string): string[] {
  return text
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const T0 = Date.UTC(2025, 4, 1, 14, 2, 3);
const msg = (id: string, role: Message['role'], text: string, extra: Partial<Message> = {}): Message => ({ id, role, text, final: true, at: T0, ...extra });

function hostile(p: string): Conversation {
  return {
    id: 'c1',
    startedAt: T0,
    endedAt: T0,
    page: { title: p, url: 'https://example.org/a' },
    messages: [msg('u', 'user', p), msg('a', 'assistant', p), msg('n', 'notice', p), msg('i', 'assistant', `${p} ${p}`, { interrupted: true, heard: p.length })],
  };
}

/** Splits a message paragraph into the lines a reader sees and decodes each; null if any is live. */
function readParagraph(paragraph: string): string[] | null {
  const lines = paragraph.split('  \n');
  const decoded = lines.map(literal);
  if (decoded.some((l) => l === null)) return null;
  if (lines.slice(1).some((l) => OPENS_BLOCK.test(l))) return null;
  return decoded as string[];
}

describe('Markdown export: hostile text shows literally', () => {
  it('every payload, as title, user, assistant, notice and cut-off text, is inert and round-trips', () => {
    let leaked = 0;
    for (const p of PAYLOADS) {
      const md = toMarkdown(hostile(p));
      const lines = md.split('\n');
      const paragraphs = md.replace(/\n+$/, '').split('\n\n');
      const want = expectedLines(p);
      const title = literal(lines[0]!.slice(2));
      const user = readParagraph(paragraphs[2]!.replace(/^\*\*You\*\* \(2025-05-01T14:02:03Z\): /, ''));
      const assistant = readParagraph(paragraphs[3]!.replace(/^\*\*Assistant\*\* \(2025-05-01T14:02:03Z\): /, ''));
      const notice = readParagraph(paragraphs[4]!.replace(/^\*Hark: /, '').replace(/\*$/, ''));
      const cut = /^\*\*Assistant\*\* \([^)]*\): ([\s\S]*) \*\[cut off; not heard: ([\s\S]*)\]\*$/.exec(paragraphs[5]!);
      const ok =
        lines[0]!.startsWith('# ') &&
        title === want.join(' ') &&
        JSON.stringify(user) === JSON.stringify(want) &&
        JSON.stringify(assistant) === JSON.stringify(want) &&
        JSON.stringify(notice) === JSON.stringify(want) &&
        cut !== null &&
        JSON.stringify(readParagraph(cut[1]!)) === JSON.stringify(want) &&
        JSON.stringify(readParagraph(cut[2]!)) === JSON.stringify(want) &&
        // Document level: the only `<` is the page autolink, no line but ours opens a block.
        lines.every((l) => !l.includes('<') || l === '- Page: <https://example.org/a>') &&
        lines.every((l, i) => i === 0 || !/^#/.test(l)) &&
        lines.every((l) => !/^(`{3}|~{3}|>|\s{4}|\||=)/.test(l)) &&
        !/(^|[^\\])\]\(/.test(md);
      if (!ok) {
        leaked++;
        console.log('not inert:', JSON.stringify(p), '\n', md);
      }
    }
    console.log(`[attack] Markdown export payloads left live: ${leaked} of ${PAYLOADS.length}`);
    expect(leaked).toBe(0);
  });

  it('ordinary text stays readable: only the characters that need it are escaped', () => {
    const md = toMarkdown({ ...hostile('x'), page: { title: 'C# and Rust: a tour', url: 'https://example.org/a' }, messages: [msg('u', 'user', "It's 3.5 km, isn't it? (Maybe.)")] });
    expect(md.split('\n')[0]).toBe('# C# and Rust: a tour');
    expect(md).toContain("**You** (2025-05-01T14:02:03Z): It's 3.5 km, isn't it? (Maybe.)");
  });

  it('a page address is an autolink only when it is http(s); anything else is escaped text', () => {
    const page = (url: string) => toMarkdown({ ...hostile('x'), page: { title: 't', url } }).split('\n')[2];
    expect(page('https://example.org/a b<c>')).toBe('- Page: <https://example.org/a%20b%3Cc%3E>');
    expect(page('javascript:alert(1)//<x>')).toBe('- Page: javascript:alert(1)//&lt;x&gt;');
    expect(page('not a url [x](y)')).toBe('- Page: not a url \\[x\\](y)');
  });
});

describe('JSON export and file names', () => {
  it('JSON keeps hostile text exactly (it is data) and exports only the two page fields', () => {
    const c = hostile('<img src=x onerror=alert(1)>');
    const stored = { ...c, page: { ...c.page!, text: 'the whole page', selection: 'secret' } } as Conversation;
    const data = JSON.parse(toJson(stored));
    expect(data.page).toEqual({ title: '<img src=x onerror=alert(1)>', url: 'https://example.org/a' });
    expect(data.messages[0].text).toBe('<img src=x onerror=alert(1)>');
  });

  it('file names hold no path, control, reserved or bidi characters, whatever the title', () => {
    const titles = ['../../etc/passwd', '..\\..\\Windows\\System32', 'CON', 'nul.txt', 'a\u0000b\u001f\nc', 'x\u202Egpj.exe', 'a:b*c?"d<e>f|g', '. ', '日本語のページ', 'é'.repeat(100), `${'a'.repeat(39)}-b`];
    for (const title of titles) {
      const name = exportFileName({ ...hostile('x'), page: { title, url: '' } }, 'md');
      expect(name).toMatch(/^hark-2025-05-01-1402(-[a-z0-9]+(-[a-z0-9]+)*)?\.md$/);
      expect(name.length).toBeLessThanOrEqual(64);
    }
  });

  it('a stored conversation with broken times still exports instead of throwing', () => {
    const c = { ...hostile('x'), startedAt: Number.NaN, endedAt: 1e20 };
    expect(exportFileName(c, 'json')).toBe('hark-undated-x.json');
    expect(toMarkdown(c)).toContain('- Started: unknown time');
    expect(JSON.parse(toJson(c)).startedAt).toBe('unknown time');
  });
});
