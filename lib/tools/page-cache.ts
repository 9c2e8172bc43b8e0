/**
 * The page text the tools read, kept per tab for the length of one conversation. Reading means
 * injecting the reader and walking the whole document (a 1 MB page takes most of a tool call), and
 * a conversation asks about the same page again and again. An entry is only used for the same
 * tab at the same address; the worker also drops it when the tab navigates or closes and clears
 * everything when the conversation ends. The site rules are not cached: the caller judges the tab
 * before every read, so a rule changed mid-conversation applies to the next call.
 */
import type { ToolPage } from './page-model';

interface Entry {
  url: string;
  page: Promise<ToolPage>;
}

/** A few tabs at most (pages can be large); the oldest goes first. */
export const PAGE_CACHE_TABS = 4;

export class PageCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly max = PAGE_CACHE_TABS) {}

  /** The page of `tabId` at `url`: cached, or loaded now (concurrent calls share one load). */
  read(tabId: number, url: string, load: () => Promise<ToolPage>): Promise<ToolPage> {
    const hit = this.entries.get(tabId);
    if (hit && hit.url === url && url) {
      // Most recently used last.
      this.entries.delete(tabId);
      this.entries.set(tabId, hit);
      return hit.page;
    }
    return this.store(tabId, url, load());
  }

  /** A fresh read that replaces what was kept (the selection, say, is wanted as it is now). */
  store(tabId: number, url: string, page: Promise<ToolPage>): Promise<ToolPage> {
    this.entries.delete(tabId);
    const entry = { url, page };
    this.entries.set(tabId, entry);
    // A failed read is not kept: the next call tries again.
    page.catch(() => {
      if (this.entries.get(tabId) === entry) this.entries.delete(tabId);
    });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as number);
    return page;
  }

  drop(tabId: number): void {
    this.entries.delete(tabId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
