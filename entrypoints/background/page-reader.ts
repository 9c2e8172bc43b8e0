/**
 * Reads the page the user is on, privacy first: the site rules decide before anything is
 * injected; the in-page extractor never reads form values and redacts before returning.
 * Restricted pages (chrome://, the Web Store) and tabs Hark may not read get a note instead.
 */
import { isExcluded, type SiteRules } from '@/lib/page/site-rules';
import { refusedSnapshot } from '@/lib/page/notes';
import type { PageSnapshot } from '@/lib/page/budget';
import { redactAll } from '@/lib/page/redact';
import type { PageTab } from '@/lib/session/supervisor-deps';
import { browser } from 'wxt/browser';

const EMPTY = { lang: '', description: '', selection: '', headings: [], text: '' };

export async function readPage(tab: PageTab | undefined, rules: SiteRules): Promise<PageSnapshot | null> {
  if (!tab?.id) return null;
  const raw = { title: tab.title ?? '', url: tab.url ?? tab.pendingUrl ?? '' };
  // What the browser tells about a tab Hark cannot read is page data too: "…/reset?token=[secret]".
  const { fields, counts } = redactAll(raw);
  const base: PageSnapshot = { ...EMPTY, ...fields, redactions: counts };
  if (raw.url) {
    // Site rules decide on the real address; an excluded page sends only a fixed note.
    const decision = isExcluded(raw.url, rules, { incognito: tab.incognito });
    if (!decision.allowed) return refusedSnapshot(decision);
  }
  try {
    // One injection, with the reader's defaults (redaction on, form fields and editable regions
    // never read): the page's time and the worker's are both on the way to the first word.
    const [res] = await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/extract-page.js'] });
    const snap = res?.result as PageSnapshot | undefined;
    // Codes only: the panel says them in the user's language (lib/page/notes.ts, pageNoteText).
    if (!snap) return { ...base, noteCode: 'unreadable' };
    // The URL rules are checked again on what the page reports (it may have navigated).
    const decision = isExcluded(snap.url, rules, { incognito: tab.incognito });
    return decision.allowed ? snap : refusedSnapshot(decision);
  } catch (e) {
    const restricted = /cannot be scripted|chrome:\/\/|extensions gallery|Cannot access/i.test(String(e));
    return restricted && base.url
      ? { ...base, noteCode: 'browser-page' }
      : { ...base, noteCode: 'no-access' };
  }
}
