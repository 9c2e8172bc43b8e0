/**
 * Hark's Platform (lib/platform.ts) in Chromium: the microphone lives in an offscreen document
 * (reason USER_MEDIA), the conversation in the side panel. These APIs have no standard form and
 * no polyfill, so this is the one background file that calls `chrome.*` for them.
 */
import { browser } from 'wxt/browser';
import type { Platform } from '@/lib/platform';

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

async function offscreenExists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}

/**
 * No getContexts check first: a document still loading is already listed there (a caller that
 * saw it would message it before it can answer), and on a start the document is the slowest
 * step, so it is asked for at once; "already exists" is the answer when there is one.
 */
function createOffscreen(): Promise<void> {
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
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

async function closeOffscreen(): Promise<void> {
  if (creating) await creating.catch(() => {});
  if (!(await offscreenExists())) return;
  await chrome.offscreen.closeDocument().catch(() => {
    // Already gone (closed concurrently): nothing to release.
  });
}

export const chromiumPlatform: Platform = {
  audioContext: { exists: offscreenExists, create: createOffscreen, close: closeOffscreen },
  panel: {
    openFromClick: (windowId) => chrome.sidePanel.open({ windowId }),
    openCount: async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] })).length,
    // Chrome 142+; older versions keep a standby document until its time is up.
    onClosed: (listener) => chrome.sidePanel.onClosed?.addListener(() => listener()),
  },
  selectionMenu: {
    // Created again on every update: "duplicate id" then only says it is there already.
    create: (id, title) => chrome.contextMenus.create({ id, title, contexts: ['selection'] }, () => void chrome.runtime.lastError),
    onClicked: (listener) => chrome.contextMenus.onClicked.addListener((info, tab) => listener(info, tab)),
  },
};
