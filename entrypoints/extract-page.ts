/**
 * Injected into the page with `scripting.executeScript({ files })` (activeTab or an optional
 * host permission). Reads the page without form values, redacts, and fits a budget before
 * anything leaves the tab. Its return value is the script's result.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { extractPage, type ExtractOptions } from '@/lib/page/extract';

export default defineUnlistedScript(() => {
  const opts = (globalThis as { __harkExtractOptions?: ExtractOptions }).__harkExtractOptions ?? {};
  return extractPage(document, opts);
});
