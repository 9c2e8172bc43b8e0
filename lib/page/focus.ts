/**
 * "Talk about this with Hark" (the context menu on a selection): what the user right-clicked
 * becomes the page's selection, exactly that text, as page data like any other: redacted here,
 * bounded and fenced as untrusted by the instructions (instructions.ts), shown in "Shared with
 * the assistant". The site rules still win: a page the user keeps private sends nothing, not even
 * the text they selected on it.
 */
import type { PageSnapshot } from './budget';
import { isPrivateNote } from './notes';
import { redactAll } from './redact';

/** The browser's copy of a selection can be a whole page; the instructions' budget cuts further. */
export const MAX_FOCUS_CHARS = 20_000;

export function focusOnSelection(page: PageSnapshot | null, selectionText: string | undefined, tab: { title?: string; url?: string }): PageSnapshot | null {
  const raw = (selectionText ?? '').trim().slice(0, MAX_FOCUS_CHARS);
  if (!raw || isPrivateNote(page?.noteCode)) return page;
  const { fields, counts } = redactAll({ selection: raw });
  // A tab Hark could not read (a PDF, no access yet) still has the text the user handed over.
  const base: PageSnapshot = page ?? { ...redactAll({ title: tab.title ?? '', url: tab.url ?? '' }).fields, lang: '', description: '', selection: '', headings: [], text: '' };
  const redactions: Partial<Record<string, number>> = { ...base.redactions };
  for (const [kind, n] of Object.entries(counts)) if (n) redactions[kind] = (redactions[kind] ?? 0) + n;
  return { ...base, selection: fields.selection, redactions };
}
