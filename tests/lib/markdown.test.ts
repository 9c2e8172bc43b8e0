import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inline, markdownPage, markdownToHtml } from '@/lib/markdown';

describe('markdown subset (documents shipped as extension pages)', () => {
  it('renders headings, paragraphs, lists with continuation lines, and a pipe table', () => {
    const html = markdownToHtml('# Title\n\nOne\nparagraph.\n\n- first\n  goes on\n- second\n\n| A | B |\n|---|---|\n| **x** | `y` |\n');
    expect(html).toBe(
      '<h1>Title</h1>\n<p>One paragraph.</p>\n<ul>\n<li>first goes on</li>\n<li>second</li>\n</ul>\n' +
        '<table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tbody>\n<tr><td><strong>x</strong></td><td><code>y</code></td></tr>\n</tbody>\n</table>',
    );
  });

  it('escapes text, keeps code literal, links only http(s) autolinks', () => {
    expect(inline('a <b>c</b> & `*not em* <i>` *em*')).toBe('a &lt;b&gt;c&lt;/b&gt; &amp; <code>*not em* &lt;i&gt;</code> <em>em</em>');
    expect(inline('see <https://openai.com/policies/privacy-policy>')).toBe(
      'see <a href="https://openai.com/policies/privacy-policy">https://openai.com/policies/privacy-policy</a>',
    );
    expect(inline('<javascript:alert(1)>')).toBe('&lt;javascript:alert(1)&gt;');
    expect(inline('"><img src=x onerror=alert(1)>')).not.toContain('<img');
  });

  it('the privacy policy renders whole: its title, every section, no Markdown left over', () => {
    const md = fs.readFileSync('docs/privacy-policy.md', 'utf8');
    const page = markdownPage(md);
    expect(page).toContain('<title>Hark privacy policy</title>');
    const sections = md.match(/^## .*$/gm) ?? [];
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) expect(page).toContain(`<h2>${inline(s.slice(3))}</h2>`);
    expect(page).toContain('<table>');
    expect(page).not.toMatch(/\*\*|\|---|^- |^#/m);
  });
});
