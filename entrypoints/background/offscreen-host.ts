/**
 * The one offscreen document (reason USER_MEDIA): created on demand, single-flight. When a
 * conversation ends it hangs up (microphone and peer connection released), and then either closes
 * or, while a side panel is open, stays on standby for the next start (`releaseOffscreen`).
 */
import { browser } from 'wxt/browser';
import { offscreenMessenger } from '@/lib/protocol/messages';
import { standbyMs } from '@/lib/session/standby';

const PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

export async function hasOffscreen(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [browser.runtime.getURL(PATH)],
  });
  return contexts.length > 0;
}

/**
 * Resolves once the document has loaded (its listeners are registered); concurrent callers share
 * one creation. No getContexts check first: a document still loading is already listed there (a
 * caller that saw it would message it before it can answer), and on a start the document is the
 * slowest step, so it is asked for at once; "already exists" is the answer when there is one.
 */
export function ensureOffscreen(): Promise<void> {
  creating ??= chrome.offscreen
    .createDocument({
      url: PATH,
      reasons: [chrome.offscreen.Reason.USER_MEDIA],
      justification: 'Hold the microphone and the WebRTC connection for a voice conversation.',
    })
    .catch((e: unknown) => {
      if (!String(e).includes('single offscreen')) throw e;
    })
    .finally(() => {
      creating = null;
    });
  return creating;
}

/**
 * After a hang-up: while a side panel is open (the user may well talk again), the document stands
 * by for the next start, per `keepReadyMinutes`, or until the side panel closes; otherwise it is
 * closed now.
 */
export async function releaseOffscreen(keepReadyMinutes: number): Promise<void> {
  const panels = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] });
  const ms = standbyMs(keepReadyMinutes, panels.length > 0);
  if (ms > 0 && (await hasOffscreen())) {
    const ok = await offscreenMessenger.sendMessage('offscreen:standby', { ms }).then(() => true, () => false);
    if (ok) return;
  }
  await closeOffscreen();
}

export async function closeOffscreen(): Promise<void> {
  if (creating) await creating.catch(() => {});
  if (!(await hasOffscreen())) return;
  await chrome.offscreen.closeDocument().catch(() => {
    // Already gone (closed concurrently): nothing to release.
  });
}
