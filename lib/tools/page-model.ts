/**
 * The page as the tools see it: the whole readable text cut into sections at its headings, each
 * with a stable id ("s0", "s1", … in page order: the same page gives the same ids on every read),
 * and the links with ids ("l0", …). Pure: built from what the in-page reader returned.
 */

/** What the in-page reader returns for the tools (already redacted in the tab). */
export interface ToolPage {
  title: string;
  url: string;
  /** The whole readable text (not only the main article), paragraphs separated by blank lines. */
  text: string;
  headings: string[];
  links: PageLink[];
  /** The selection right now (redacted; never inside form fields or hidden). */
  selection: string;
}

export interface PageLink {
  id: string;
  text: string;
  href: string;
}

export interface Section {
  id: string;
  /** The heading that starts it; the first section (before any heading) has the page title. */
  heading: string;
  /** Offsets into `ToolPage.text`: [start, end). */
  start: number;
  end: number;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Cuts `text` at paragraphs that are one of the page's headings. Headings repeated in the text
 * (a table of contents) start a section at each place; that is what a reader scrolling sees.
 */
export function buildSections(text: string, headings: readonly string[], title = ''): Section[] {
  const known = new Set(headings.map(squash).filter(Boolean));
  // Most paragraphs are far longer than any heading: skip them without normalising.
  const longest = headings.reduce((n, h) => Math.max(n, h.length), 0) * 2 + 8;
  const sections: Section[] = [];
  let current: Section = { id: 's0', heading: title.trim() || '(top of the page)', start: 0, end: text.length };
  const re = /\n\n+/g;
  let at = 0;
  for (;;) {
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    if (end - at <= longest && known.has(squash(text.slice(at, end)))) {
      const heading = text.slice(at, end).replace(/\s+/g, ' ').trim();
      if (at > current.start) {
        current.end = at;
        sections.push(current);
        current = { id: `s${sections.length}`, heading, start: at, end: text.length };
      } else current.heading = heading; // the page starts with a heading: it names the first section
    }
    if (!m) break;
    at = m.index + m[0].length;
  }
  current.end = text.length;
  sections.push(current);
  return sections;
}

/** The section that holds offset `at`. */
export function sectionAt(sections: readonly Section[], at: number): Section {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sections[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return sections[lo]!;
}

/** A section by id ("s3") or by heading text (exact first, then contained, case-insensitive). */
export function findSection(sections: readonly Section[], ref: string): Section | undefined {
  const r = ref.trim();
  const byId = /^s\d+$/i.test(r) ? sections.find((s) => s.id === r.toLowerCase()) : undefined;
  if (byId) return byId;
  const q = squash(r);
  if (!q) return undefined;
  return sections.find((s) => squash(s.heading) === q) ?? sections.find((s) => squash(s.heading).includes(q));
}

/** Links whose text or address contains `filter`, case-insensitive. */
export function filterLinks(links: readonly PageLink[], filter: string): PageLink[] {
  const f = filter.trim().toLowerCase();
  return f ? links.filter((l) => l.text.toLowerCase().includes(f) || l.href.toLowerCase().includes(f)) : [...links];
}
