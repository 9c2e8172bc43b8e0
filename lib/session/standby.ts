/**
 * Standby: after a conversation ends, the offscreen document hangs up (microphone and connection
 * released) and, while a side panel is open, stays for a while so the next start skips creating
 * it, which takes Chromium 50–100 ms, the largest single step of a start. Pure.
 */

/** Default for `Settings.keepReadyMinutes`. */
export const DEFAULT_KEEP_READY_MINUTES = 5;
/** A forgotten setting must not keep a document for hours. */
const MAX_KEEP_READY_MINUTES = 60;

/**
 * How long to keep the hung-up document, in ms; 0 = close it now. Someone who has closed Hark's
 * side panel is done for now: nothing is kept for them.
 */
export function standbyMs(keepReadyMinutes: unknown, sidePanelOpen: boolean): number {
  if (!sidePanelOpen || typeof keepReadyMinutes !== 'number' || !Number.isFinite(keepReadyMinutes) || keepReadyMinutes <= 0) return 0;
  return Math.round(Math.min(keepReadyMinutes, MAX_KEEP_READY_MINUTES) * 60_000);
}
