/**
 * The offscreen document's script (public/offscreen.html loads it). Built as a WXT unlisted
 * script, i.e. one self-contained classic file, so the document that every start creates loads
 * one file instead of a graph of module chunks shared with the side panel.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

// Imported when the script runs, never when WXT reads this entrypoint at build time (in Node).
export default defineUnlistedScript(() => import('./main'));
