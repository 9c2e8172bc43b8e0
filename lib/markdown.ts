/**
 * The small Markdown subset Hark's own documents use (headings, paragraphs, `-` lists, one-line
 * pipe tables, **bold**, *emphasis*, `code`, <https://autolinks>), rendered to HTML at build time
 * so a document ships inside the extension from its one source (wxt.config.ts: privacy.html from
 * docs/privacy-policy.md). Pure, and for trusted input written in this repository: every text is
 * still escaped, and only http(s) autolinks become links.
 */

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline markup of one block's text. Code spans first: nothing inside them is markup. */
export function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (/^`[^`]+`$/.test(part)) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/&lt;(https?:\/\/[^\s&]+)&gt;/g, (_, url: string) => `<a href="${url}">${url}</a>`)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\*([^*\s][^*]*)\*/g, '<em>$1</em>');
    })
    .join('');
}

const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

function table(rows: string[]): string {
  const [head = '', , ...body] = rows;
  const th = cells(head).map((c) => `<th>${inline(c)}</th>`).join('');
  const trs = body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`;
}

/** Markdown (the subset above) to an HTML fragment, one block per blank-line-separated group. */
export function markdownToHtml(md: string): string {
  const out: string[] = [];
  for (const block of md.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const first = lines[0];
    if (first === undefined) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(first);
    if (heading && lines.length === 1) {
      const level = heading[1]?.length ?? 1;
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
    } else if (lines.every((l) => l.trim().startsWith('|'))) {
      out.push(table(lines));
    } else if (first.startsWith('- ')) {
      // A list item runs on over indented continuation lines.
      const items: string[] = [];
      for (const l of lines) {
        if (l.startsWith('- ')) items.push(l.slice(2).trim());
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      out.push(`<ul>\n${items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul>`);
    } else {
      out.push(`<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`);
    }
  }
  return out.join('\n');
}

/** A whole page: the document's first heading is its title; plain, readable, light and dark. */
export function markdownPage(md: string, lang = 'en'): string {
  const title = /^#\s+(.*)$/m.exec(md)?.[1] ?? '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="color-scheme" content="light dark" />
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.55 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; } th, td { border: 1px solid #8888; padding: .4rem .6rem; vertical-align: top; text-align: left; }
code { font-size: .92em; }
body { background: #fff; color: #1f1f1f; } a { color: #0b57d0; }
@media (prefers-color-scheme: dark) { body { background: #1f1f1f; color: #e3e3e3; } a { color: #8ab4f8; } }
</style>
</head>
<body>
<main>
${markdownToHtml(md)}
</main>
</body>
</html>
`;
}
