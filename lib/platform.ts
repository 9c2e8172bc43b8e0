/**
 * The browser-specific parts of Hark, behind one interface. Standard WebExtension APIs (tabs,
 * storage, runtime messaging, action, scripting) go through `browser` from `wxt/browser`
 * (webextension-polyfill: promise-based, the same in every browser). What has no standard form
 * lives in an implementation of this interface: Chromium's is
 * entrypoints/background/platform-chromium.ts (offscreen document, sidePanel, getContexts);
 * Firefox's would host the microphone in an event page or the sidebar and use `sidebar_action`.
 */
import type { SessionError } from './errors';

export interface Platform {
  /** The context that holds the microphone and the WebRTC connection (Chromium: an offscreen document). */
  audioContext: {
    exists(): Promise<boolean>;
    /** Resolves once it has loaded (its listeners answer); concurrent callers share one creation. */
    create(): Promise<void>;
    /** Closes it; nothing happens when there is none. */
    close(): Promise<void>;
    /**
     * Only where the context asks the user for the microphone itself (Firefox's sidebar; Chromium's
     * offscreen document cannot prompt): waits for the answer, and says why not when it was refused.
     */
    microphoneRefusal?(): Promise<SessionError | null>;
  };
  /** The conversation's panel next to the page (Chromium: side panel; Firefox: sidebar). */
  panel: {
    /** Opens it for a toolbar click; call it synchronously in the click handler (user gesture). */
    openFromClick(windowId: number): Promise<void>;
    /** How many panels are open now. */
    openCount(): Promise<number>;
    /** A panel was closed, in browsers that say so; never called elsewhere. */
    onClosed(listener: () => void): void;
  };
  /** One item in the context menu of a selection (Chromium: `contextMenus`; Firefox: `menus`). */
  selectionMenu: {
    /** Adds it (on install and update; the browser keeps it across worker restarts). */
    create(id: string, title: string): void;
    /** The item was clicked: a user gesture, so `panel.openFromClick` may be called synchronously in the listener. */
    onClicked(listener: (click: MenuClick, tab: MenuTab | undefined) => void): void;
  };
}

export interface MenuClick {
  menuItemId: string | number;
  /** The selected text, as the browser reports it. */
  selectionText?: string;
}

/** The part of a tab a menu click carries that Hark uses. */
export interface MenuTab {
  id?: number;
  windowId: number;
  title?: string;
  url?: string;
  incognito: boolean;
}
