/**
 * Hark's Platform (lib/platform.ts) in Firefox: no offscreen documents and no sidePanel, but
 * `sidebar_action`, and an event page with a DOM. The microphone and the peer connection live in
 * the SIDEBAR, inside a hidden frame that loads the very same audio document Chromium uses as its
 * offscreen document (public/offscreen.html + entrypoints/offscreen/): the voice session, its
 * messages and its sender policy are one code path in both browsers.
 *
 * Why the sidebar, not this event page (measured in Firefox ESR 153, docs e2e-in-firefox §4b/§4e):
 * - a background page can never capture the microphone in a real profile: getUserMedia rejects
 *   with NotAllowedError at once, with no prompt, even after the origin holds a stored grant;
 * - an event page is suspended after 30 s without extension events, even with a call running.
 * The sidebar can prompt (the doorhanger opens in the main window, named for Hark; "Remember"
 * stores the grant for Hark's origin, so it is asked once) and lives as long as it is open.
 *
 * Why a frame, not the sidebar's own document: `runtime.sendMessage` never reaches the sending
 * document, and the sidebar's UI sends the audio host its live controls; as a frame the host is a
 * document of its own, exactly like the offscreen document.
 *
 * Consequence: a conversation needs the sidebar open. The toolbar button and the shortcut open
 * it (`sidebarAction.open()` is allowed in their handlers); closing it ends the call.
 */
import { browser } from 'wxt/browser';
import { sessionError, type SessionError } from '@/lib/errors';
import { t } from '@/lib/i18n';
import type { MenuClick, MenuTab, Platform } from '@/lib/platform';

const HOST_PATH = '/offscreen.html';
const FRAME_ID = 'hark-audio-host';
/** A sidebar being opened by the click that started the session needs a moment to load. */
const SIDEBAR_WAIT_MS = 10_000;
const POLL_MS = 50;
let creating: Promise<void> | null = null;
/** The answer to the last microphone question: why not, or null (allowed, or nothing to ask). */
let refusal: SessionError | null = null;

/** The Firefox-only APIs used here; `wxt/browser` is typed after Chrome's, which has neither. */
interface FirefoxApis {
  extension: { getViews(filter: { type: 'sidebar' }): Window[] };
  sidebarAction: { open(): Promise<void> };
  menus: {
    create(item: { id: string; title: string; contexts: string[] }, done?: () => void): void;
    onClicked: { addListener(listener: (info: MenuClick, tab?: MenuTab) => void): void };
  };
  runtime: { lastError?: unknown };
}
const firefox = browser as unknown as FirefoxApis;

const sidebars = (): Window[] => firefox.extension.getViews({ type: 'sidebar' });

function hostFrame(): HTMLIFrameElement | null {
  for (const view of sidebars()) {
    const frame = view.document.getElementById(FRAME_ID);
    if (frame) return frame as HTMLIFrameElement;
  }
  return null;
}

/** The first open sidebar whose document can take the frame, waiting for one being opened. */
async function readySidebar(): Promise<Window> {
  const deadline = Date.now() + SIDEBAR_WAIT_MS;
  for (;;) {
    const view = sidebars().find((v) => v.document.readyState !== 'loading' && v.document.body);
    if (view) return view;
    if (Date.now() >= deadline) throw new Error("Hark's sidebar is closed: open it (toolbar button) to talk.");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function createHost(): Promise<void> {
  if (hostFrame()) return;
  const view = await readySidebar();
  const frame = view.document.createElement('iframe');
  frame.id = FRAME_ID;
  // Same origin as the sidebar; the permission policy must still delegate the microphone.
  frame.allow = 'microphone; autoplay';
  frame.hidden = true;
  frame.setAttribute('aria-hidden', 'true');
  const loaded = new Promise<void>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.addEventListener('error', () => reject(new Error('the audio document did not load')), { once: true });
  });
  frame.src = browser.runtime.getURL(HOST_PATH);
  view.document.body.append(frame);
  // `load` fires after the document's one classic script ran: its message handlers answer.
  await loaded;
  if (frame.contentWindow) await askForMicrophoneOnce(frame.contentWindow);
}

/**
 * The one-time microphone permission, asked for before the call begins. Firefox prompts in the
 * sidebar (Chromium's offscreen document cannot, and sends the user to the options page), and a
 * user reading the prompt must not use up the connection's timeout (lib/voice/link.ts): so the
 * host is "ready" only once the prompt is answered. Allowed and remembered, it is never asked
 * again. Refused (or blocked in Firefox's settings), `microphoneRefusal` says so and the session
 * ends before anything is minted: no key, no call, the page not sent. Starting again asks again.
 */
async function askForMicrophoneOnce(win: Window): Promise<void> {
  refusal = null;
  const state = await win.navigator.permissions
    .query({ name: 'microphone' as PermissionName })
    .then((s) => s.state, () => 'prompt');
  if (state === 'denied') refusal = sessionError('mic-denied', t('error.micBlockedFirefox'));
  if (state !== 'prompt') return;
  const stream = await win.navigator.mediaDevices.getUserMedia({ audio: true }).catch((e: unknown) => {
    // Other failures (no device, busy) are the call's own getUserMedia's to report, as in Chromium.
    if ((e as DOMException)?.name === 'NotAllowedError') refusal = sessionError('mic-denied', t('error.micRefusedFirefox'));
    return null;
  });
  stream?.getTracks().forEach((t) => t.stop());
}

export const firefoxPlatform: Platform = {
  audioContext: {
    // A frame still loading counts, as Chromium lists an offscreen document still loading.
    exists: async () => hostFrame() !== null,
    create() {
      creating ??= createHost().finally(() => {
        creating = null;
      });
      return creating;
    },
    async close() {
      if (creating) await creating.catch(() => {});
      hostFrame()?.remove();
      refusal = null;
    },
    async microphoneRefusal() {
      // A host that failed to come up is the start's own error (the sidebar closed), not this.
      if (creating) await creating.catch(() => {});
      return refusal;
    },
  },
  panel: {
    // Firefox opens it in the window of the click; it must be called in the click handler itself.
    openFromClick: () => firefox.sidebarAction.open(),
    openCount: async () => sidebars().length,
    // Firefox has no "sidebar closed" event; the panel's presence port says it (PANEL_PORT).
    onClosed: () => {},
  },
  // Firefox's `menus` (the `menus` permission); `sidebarAction.open()` is allowed in its onClicked.
  selectionMenu: {
    create: (id, title) => firefox.menus.create({ id, title, contexts: ['selection'] }, () => void firefox.runtime.lastError),
    onClicked: (listener) => firefox.menus.onClicked.addListener((info, tab) => listener(info, tab)),
  },
};
