/**
 * Injected by the service worker (entrypoints/background/tool-host.ts) into the tab's isolated
 * world, where the page's own scripts cannot reach it. It installs the page tools' in-page half;
 * the worker then calls one operation at a time with `executeScript({ func, args })`.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { clearHighlights, highlightPassage, readForTools, scrollPage } from '@/lib/tools/in-page';
import type { ScrollTarget } from '@/lib/tools/deps';

export default defineUnlistedScript(() => {
  const ops = {
    read: () => readForTools(document),
    highlight: (passage: string) => highlightPassage(document, passage),
    clear: () => clearHighlights(document),
    scroll: (to: ScrollTarget) => scrollPage(document, to),
  };
  Object.assign(globalThis, { __harkToolPage: ops });
  return true;
});
