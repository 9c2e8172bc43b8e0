/**
 * Escaping for the Markdown export. Titles come from web pages and replies from a model that
 * reads them, so both are hostile text: whatever they hold must show literally in a Markdown
 * renderer (CommonMark, GFM, Markdown.pl, kramdown). No raw HTML (`<img onerror>`, `<script>`), no
 * links or images (a remote image is a tracker that fires when the file is previewed; a
 * `javascript:` link runs on a click), and no structure that would re-shape the file or hide the
 * rest of it (headings, lists, tables, block quotes, code fences that swallow what follows).
 */

/** Backslash escapes, valid for every ASCII punctuation character in CommonMark (and these in Markdown.pl). */
const INLINE: Record<string, string> = {
  '\\': '\\\\', // so a message cannot cancel one of our escapes
  '`': '\\`', // code spans and ``` fences
  '*': '\\*', // emphasis, bullets, thematic breaks
  _: '\\_',
  '~': '\\~', // strikethrough and ~~~ fences
  '[': '\\[', // links, images, footnotes, reference definitions: none can open without it
  ']': '\\]',
  '|': '\\|', // GFM tables
  $: '\\$', // math in GitHub, Obsidian, pandoc
  '{': '\\{', // kramdown/pandoc attribute lists, which can set HTML attributes
  '}': '\\}',
  // Entities, not backslashes: Markdown.pl does not honour `\<`, and every renderer decodes these.
  '&': '&amp;',
  '<': '&lt;', // raw HTML, autolinks
  '>': '&gt;', // block quotes
};
const INLINE_CHARS = /[\\`*_~[\]|${}&<>]/g;

/** C0/C1 controls other than whitespace (which becomes a space or a line break), and bidi overrides that can make text read backwards. */
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Line starts that open a block: heading, list item, setext underline, definition list. */
const BLOCK_START = /^([#+\-=:])/;
/** `1.` or `1)` opens an ordered list. */
const ORDERED_START = /^(\d{1,9})([.)])/;

/** Text that may not break lines (a title, one line of a message). */
export function escapeInline(text: string): string {
  return String(text)
    .replace(CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(INLINE_CHARS, (c) => INLINE[c]!)
    // A `#` after a space could close an ATX heading (`# Title ##` drops the `##`).
    .replace(/(^| )#/g, '$1\\#')
    .replace(BLOCK_START, '\\$1')
    .replace(ORDERED_START, '$1\\$2');
}

/**
 * A message body: each line escaped and trimmed (four spaces of indent would make a code block),
 * blank lines dropped so the message stays one paragraph, lines joined by hard breaks.
 */
export function escapeBlock(text: string): string {
  return String(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(escapeInline)
    .filter(Boolean)
    .join('  \n');
}

/**
 * A page address as a clickable autolink only when it is http(s) and, re-serialised by the URL
 * parser, holds nothing that could end the autolink; anything else is shown as text.
 */
export function markdownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && !/[\s<>]/.test(parsed.href)) return `<${parsed.href}>`;
  } catch {
    // not a URL: shown as text below
  }
  return escapeInline(url);
}
