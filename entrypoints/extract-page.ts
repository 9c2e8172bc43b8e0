/**
 * Injected into the page with `scripting.executeScript({ files })` (activeTab or an optional
 * host permission). Reads the page without form values, redacts, and fits a budget before
 * anything leaves the tab. Its return value is the script's result.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { extractPage } from '@/lib/page/extract';

// The reader's defaults: redaction on, form fields and editable regions never read.
export default defineUnlistedScript(() => extractPage(document));
