/**
 * Why a page was not (fully) read, as a typed code. The model only ever gets the fixed sentence
 * for the code: a note that names the user's rule ("never-send list (mybank.com)") would tell
 * the model, and whoever runs it, exactly what the user keeps private. The side panel shows the
 * detailed local message (`PageSnapshot.note`), which never leaves the browser.
 */

import type { PageSnapshot } from './budget';
import type { SiteDecision } from './site-rules';
import { t, type MessageKey } from '../i18n';

/** The user's own privacy choices: the model learns only that the page is private. */
export const PRIVATE_NOTES = ['never-send', 'not-allowlisted', 'incognito', 'file'] as const;

export type PageNoteCode =
  | (typeof PRIVATE_NOTES)[number]
  /** The browser forbids it: chrome://, about:, the extension store, other schemes, no address. */
  | 'browser-page'
  /** Hark may not script this tab (no host permission yet). */
  | 'no-access'
  /** The reader ran but returned nothing. */
  | 'unreadable'
  /** The page has no readable text. */
  | 'no-text';

const PRIVATE_SENTENCE = 'The user keeps this page private; nothing about it was shared.';

/** What the model is told for each code: fixed words, nothing from the page or the rules. */
const MODEL_NOTES: Record<PageNoteCode, string> = {
  'never-send': PRIVATE_SENTENCE,
  'not-allowlisted': PRIVATE_SENTENCE,
  incognito: PRIVATE_SENTENCE,
  file: PRIVATE_SENTENCE,
  'browser-page': 'This is a browser page that extensions may not read.',
  'no-access': 'Hark has no access to this tab yet; only what the browser tells about it is known.',
  unreadable: 'Hark could not read this page; only its title and address are known.',
  'no-text': 'Hark found no readable text on this page.',
};

export function isPrivateNote(code: PageNoteCode | undefined): boolean {
  return !!code && (PRIVATE_NOTES as readonly string[]).includes(code);
}

/** The model's note for `code`, or null without one. */
export function modelNote(code: PageNoteCode | undefined): string | null {
  return code ? MODEL_NOTES[code] ?? null : null;
}

/** The panel's words for each code, in the user's language (the page-side reader has no i18n). */
const PANEL_NOTES: Record<PageNoteCode, MessageKey> = {
  'never-send': 'page.excluded',
  'not-allowlisted': 'page.notAllowlisted',
  incognito: 'page.incognito',
  file: 'page.file',
  'browser-page': 'page.note.browserPage',
  'no-access': 'page.note.noAccess',
  unreadable: 'page.note.unreadable',
  'no-text': 'page.note.noText',
};

/** Codes only the site rules give, with a reason that may name the user's own rule (shown as it is). */
const RULE_CODES: ReadonlySet<PageNoteCode> = new Set([...PRIVATE_NOTES, 'browser-page']);

/**
 * What the side panel says about why a page was (partly) not read. Every code is said through
 * `t()`; only a site-rules refusal keeps its own `note` (made in the user's language by the
 * worker, and naming their rule, e.g. the never-send pattern). Any other text that came with the
 * snapshot is not shown: it may be English from the page-side reader.
 */
export function pageNoteText(page: Pick<PageSnapshot, 'note' | 'noteCode'>): string {
  const code = page.noteCode;
  if (!code || !Object.hasOwn(PANEL_NOTES, code)) return '';
  return (RULE_CODES.has(code) && page.note) || t(PANEL_NOTES[code]);
}

/**
 * What a page the site rules refused becomes: nothing but the code (not even its title or
 * address); the rule that refused it is in `note`, which only the side panel shows.
 */
export function refusedSnapshot(decision: SiteDecision): PageSnapshot {
  return {
    title: '', url: '', lang: '', description: '', selection: '', headings: [], text: '',
    note: decision.reason ?? t('page.excluded'),
    noteCode: decision.code ?? 'browser-page',
  };
}
