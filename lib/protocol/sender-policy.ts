/**
 * Who may command Hark. Every message and port is checked against its sender, as the browser
 * reports it (`runtime.MessageSender`), before a handler runs: the sender must be Hark itself
 * (`sender.id`), a page or worker of Hark's own origin (`sender.url`, `sender.origin`), and one of
 * the contexts allowed to send that message kind. Content scripts are the threat this stops: the
 * world Hark's page reader is injected into has `chrome.runtime` and shares Hark's `sender.id`,
 * and a compromised renderer can run code there. Its `sender.url` is the web page's (the browser,
 * not the renderer, fills it in), so it is always `untrusted`. The reader itself sends no
 * messages: its result is `scripting.executeScript`'s return value.
 *
 * What Chromium reports (measured, Chromium 156): the worker `{ id, url: …/background.js }`; the
 * offscreen document and the real side panel `{ id, url, origin }`; an extension page in a tab
 * (options, welcome, sidepanel.html opened in a tab) adds `tab`, `frameId: 0`, `documentId`; a
 * content script has Hark's `id` but the page's `url`, `origin` and `tab`.
 */
import type { BackgroundProtocol, OFFSCREEN_PORT, OffscreenProtocol, PANEL_PORT, UiProtocol } from './messages';

export type TrustedContext = 'worker' | 'offscreen' | 'sidepanel' | 'options' | 'welcome';
export type SenderContext = TrustedContext | 'untrusted';

/** The part of `chrome.runtime.MessageSender` the policy reads (plain data, so it is testable). */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
  frameId?: number;
}

/**
 * Who Hark is: its id, as `sender.id` reports it, and the base URL of its pages. In Chromium
 * both are the same id (`chrome-extension://<id>/`, the default for a bare id); in Firefox the
 * id is the gecko id and pages live at `moz-extension://<per-profile uuid>/`
 * (`runtime.getURL('/')`).
 */
export type ExtensionSelf = string | { id: string; baseUrl: string };

function selfOf(self: ExtensionSelf): { id: string; protocol: string; host: string } {
  if (typeof self === 'string') return { id: self, protocol: 'chrome-extension:', host: self };
  try {
    const base = new URL(self.baseUrl);
    return { id: self.id, protocol: base.protocol, host: base.host };
  } catch {
    return { id: '', protocol: '', host: '' };
  }
}

/** Hark's documents and worker script, by path: the only URLs a trusted sender can have. */
const CONTEXT_BY_PATH: Record<string, TrustedContext> = {
  '/background.js': 'worker',
  // Firefox's event page: the document it generates around `background.scripts`.
  '/_generated_background_page.html': 'worker',
  '/offscreen.html': 'offscreen',
  '/sidepanel.html': 'sidepanel',
  '/options.html': 'options',
  '/welcome.html': 'welcome',
};

/** Contexts that never live in a tab: a sender claiming one of them from a tab is not it. */
const NEVER_IN_A_TAB: ReadonlySet<TrustedContext> = new Set(['worker', 'offscreen']);

export function classifySender(sender: SenderInfo | undefined, self: ExtensionSelf): SenderContext {
  const { id, protocol, host } = selfOf(self);
  if (!sender || !id || !host || sender.id !== id || !sender.url) return 'untrusted';
  const ours = `${protocol}//${host}`;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return 'untrusted';
  }
  // Parsed, never a prefix match: a query or hash naming Hark proves nothing. (Not `url.origin`:
  // outside Chrome `chrome-extension:` is an unknown scheme whose origin is "null".)
  if (url.protocol !== protocol || url.host !== host || url.username || url.password) return 'untrusted';
  // When the browser reports the document's origin it must agree (it can differ from the URL for
  // about:blank, srcdoc or sandboxed frames). Only the worker has none.
  if (sender.origin !== undefined && sender.origin !== ours) return 'untrusted';
  const context = Object.hasOwn(CONTEXT_BY_PATH, url.pathname) ? CONTEXT_BY_PATH[url.pathname]! : undefined;
  if (!context) return 'untrusted';
  if (sender.origin === undefined && context !== 'worker') return 'untrusted';
  if (sender.tab !== undefined) {
    // Extension pages may be tabs (options, welcome, sidepanel.html opened in a tab), but only as
    // the tab's own top-level document, never framed inside another page.
    if (NEVER_IN_A_TAB.has(context) || sender.frameId !== 0) return 'untrusted';
  }
  return context;
}

/** For each message name of a protocol, the contexts that may send it (every name must be listed). */
export type SenderPolicy<P> = { readonly [K in keyof P]: readonly TrustedContext[] };

const SIDE_PANEL = ['sidepanel'] as const;
/** Test connection and the microphone grant: the settings pages only. */
const SETTINGS_PAGES = ['options', 'welcome'] as const;
/** Secrets and the origins they may go to: only the options page, where they are entered. */
const OPTIONS_PAGE = ['options'] as const;
const OFFSCREEN = ['offscreen'] as const;
const WORKER = ['worker'] as const;

/** Who may send each message the service worker handles. */
export const BACKGROUND_SENDERS: SenderPolicy<BackgroundProtocol> = {
  'bg:toggle': SIDE_PANEL,
  // The offscreen document stops a session at the cost cap and after silence.
  'bg:stop': ['sidepanel', 'offscreen'],
  'bg:getSnapshot': SIDE_PANEL,
  'bg:refreshPage': SIDE_PANEL,
  'bg:sendText': SIDE_PANEL,
  'bg:setMuted': SIDE_PANEL,
  'bg:saveSecret': OPTIONS_PAGE,
  'bg:secretStatus': OPTIONS_PAGE,
  'bg:confirmOrigin': OPTIONS_PAGE,
  'bg:signIn': OPTIONS_PAGE,
  'bg:signInStatus': OPTIONS_PAGE,
  'bg:signOut': OPTIONS_PAGE,
  'bg:testConnection': SETTINGS_PAGES,
  // It hands out an ephemeral key for the configured server: only where voices are chosen.
  'bg:previewVoice': OPTIONS_PAGE,
  'bg:micPermission': SETTINGS_PAGES,
  'bg:connectionEvent': OFFSCREEN,
  'bg:retryDue': OFFSCREEN,
  'bg:checkpoint': OFFSCREEN,
  'bg:standbyOver': OFFSCREEN,
  // Tools act on the user's tab: only the voice session, which got the call from the model, may ask.
  'bg:runTool': OFFSCREEN,
  // A confirmation is the user's click in the side panel; nothing else may answer one.
  'bg:toolState': SIDE_PANEL,
  'bg:toolConfirmAnswer': SIDE_PANEL,
  // A spoken answer: only the voice session hears the user's microphone transcript.
  'bg:toolVoiceAnswer': OFFSCREEN,
};

/** Who may send each message the offscreen document (microphone, connection) handles. */
export const OFFSCREEN_SENDERS: SenderPolicy<OffscreenProtocol> = {
  'offscreen:connect': WORKER,
  'offscreen:disconnect': WORKER,
  'offscreen:standby': WORKER,
  'offscreen:sendText': WORKER,
  'offscreen:setMuted': WORKER,
  'offscreen:updateInstructions': WORKER,
  'offscreen:scheduleRetry': WORKER,
  'offscreen:getState': WORKER,
  // Real-time controls go from the side panel straight to the document (no worker hop).
  // The worker too: the "Interrupt" keyboard shortcut (commands) arrives there.
  'offscreen:interrupt': ['sidepanel', 'worker'],
  'offscreen:pushToTalk': SIDE_PANEL,
  'offscreen:setTurnMode': SIDE_PANEL,
  'offscreen:setVolume': SIDE_PANEL,
};

/** Who may send each broadcast the side panel shows. */
export const UI_SENDERS: SenderPolicy<UiProtocol> = {
  'ui:state': ['worker', 'offscreen'],
  'ui:shared': ['worker', 'offscreen'],
  'ui:message': ['worker', 'offscreen'],
  'ui:transcriptReset': ['worker', 'offscreen'],
  'ui:toolState': ['worker', 'offscreen'],
};

/** Named ports the worker accepts, each from its own page only. */
export const PORT_SENDERS: { readonly [K in typeof OFFSCREEN_PORT | typeof PANEL_PORT]: readonly TrustedContext[] } = {
  'hark-offscreen': OFFSCREEN,
  'hark-panel': SIDE_PANEL,
};

/** The policy's answer for one message or port: allowed, and the context named for the log. */
export function decide(
  policy: Readonly<Record<string, readonly TrustedContext[]>>,
  name: string,
  sender: SenderInfo | undefined,
  self: ExtensionSelf,
): { allowed: boolean; context: SenderContext } {
  const context = classifySender(sender, self);
  const allowedContexts = Object.hasOwn(policy, name) ? policy[name]! : [];
  return { allowed: context !== 'untrusted' && allowedContexts.includes(context), context };
}
