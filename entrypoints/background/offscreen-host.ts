/**
 * The one offscreen document (reason USER_MEDIA): created on demand, single-flight, closed
 * when the session ends so the microphone and the peer connection cannot outlive it.
 */
import { browser } from 'wxt/browser';

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
 * Resolves once the document has loaded (its listeners are registered). The check runs inside the
 * single flight: a document still loading is already listed by getContexts, and a second caller
 * that saw it there would message it before it can answer.
 */
export function ensureOffscreen(): Promise<void> {
  creating ??= (async () => {
    if (await hasOffscreen()) return;
    await chrome.offscreen
      .createDocument({
        url: PATH,
        reasons: [chrome.offscreen.Reason.USER_MEDIA],
        justification: 'Hold the microphone and the WebRTC connection for a voice conversation.',
      })
      .catch((e: unknown) => {
        // Another caller won the race: that is the document we want.
        if (!String(e).includes('single offscreen')) throw e;
      });
  })().finally(() => {
    creating = null;
  });
  return creating;
}

export async function closeOffscreen(): Promise<void> {
  if (creating) await creating.catch(() => {});
  if (!(await hasOffscreen())) return;
  await chrome.offscreen.closeDocument().catch(() => {
    // Already gone (closed concurrently): nothing to release.
  });
}
