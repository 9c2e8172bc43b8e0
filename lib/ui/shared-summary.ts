/**
 * What the "Shared with the assistant" card says about a page snapshot: the parts the user can
 * check at a glance (title, address, selection, how much page text, how much was hidden) and why
 * a page was not read. Pure, so the copy for each case is unit-tested.
 */
import type { PageSnapshot } from '../page/budget';
import { isPrivateNote, pageNoteText } from '../page/notes';

export interface SharedSummary {
  title: string;
  url: string;
  selection: string;
  /** Words of page text shared (0 when none). */
  words: number;
  /** Items redacted before sharing (emails, numbers, …). */
  hidden: number;
  truncated: boolean;
  /**
   * Why the page was (partly) not read: 'browser' pages cannot be read by any extension (no
   * permission helps), 'access' pages can once the user allows it, 'private' ones by the user's
   * own rules; `note` is the detailed local reason, in the user's language.
   */
  blocked: 'browser' | 'access' | 'private' | 'unreadable' | null;
  note: string;
}

export const countWords = (text: string): number => (text.match(/\S+/g) ?? []).length;

export function sharedSummary(page: PageSnapshot): SharedSummary {
  const code = page.noteCode;
  const blocked =
    code === 'browser-page' ? 'browser' : code === 'no-access' ? 'access' : isPrivateNote(code) ? 'private' : code ? 'unreadable' : null;
  const hidden = Object.values(page.redactions ?? {}).reduce<number>((n, c) => n + (c ?? 0), 0);
  return {
    title: page.title,
    url: page.url,
    selection: page.selection,
    words: countWords(page.text),
    hidden,
    truncated: !!page.truncated,
    blocked,
    note: pageNoteText(page),
  };
}
