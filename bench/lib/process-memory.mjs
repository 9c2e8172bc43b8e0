// @ts-check
/**
 * Memory of a browser's extension renderer (the process with `--extension-process`: in Chromium it
 * hosts the extension's worker, offscreen document, side panel and extension tabs). Process ids
 * come from Chromium itself (CDP SystemInfo.getProcessInfo); the figures from Linux's
 * /proc/<pid>/status: VmRSS (all resident pages), RssAnon (the process's own heap pages: what a
 * leak grows) and RssFile (mapped files, mostly the shared binary). Null off Linux.
 */
import fs from 'node:fs';
import { processMappings } from './smaps.mjs';

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ mappings?: boolean }} [o] mappings: also resident bytes per mapping (smaps.mjs)
 * @returns {Promise<{ rssBytes: number, anonBytes: number, fileBytes: number, processes: number, mappings?: Record<string, number> | null } | null>}
 */
export async function extensionRendererMemory(browser, o = {}) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const total = { rssBytes: 0, anonBytes: 0, fileBytes: 0, processes: 0 };
    /** @type {number[]} */
    const pids = [];
    for (const p of processInfo) {
      if (p.type !== 'renderer') continue;
      try {
        if (!fs.readFileSync(`/proc/${p.id}/cmdline`, 'utf8').includes('--extension-process')) continue;
        const status = fs.readFileSync(`/proc/${p.id}/status`, 'utf8');
        const kb = (/** @type {string} */ field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
        total.rssBytes += kb('VmRSS');
        total.anonBytes += kb('RssAnon');
        total.fileBytes += kb('RssFile');
        total.processes++;
        pids.push(p.id);
      } catch {
        /* not Linux, or the process went away */
      }
    }
    if (!total.processes) return null;
    return o.mappings ? { ...total, mappings: processMappings(pids) } : total;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
