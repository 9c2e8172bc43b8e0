/**
 * Tells the worker that a side panel is open, by holding a port to it while a session is active.
 * When the panel closes, so does the port, and the worker ends the session if the user chose
 * "stop when the side panel closes" (Settings). The worker drops the port when it is stopped;
 * the panel then opens a new one (which wakes it). Only the real side panel counts, not
 * sidepanel.html opened in a tab.
 */
import { effect } from '@preact/signals';
import { isActive } from '@/lib/session/machine';
import { PANEL_PORT } from '@/lib/protocol/messages';
import { state } from './model';

const RECONNECT_MS = 250;

export function holdPresence(): void {
  void chrome.tabs?.getCurrent?.().then((tab) => {
    if (tab) return; // a tab, not the side panel
    let port: chrome.runtime.Port | null = null;
    const hold = () => {
      if (port || !isActive(state.peek())) return;
      try {
        port = chrome.runtime.connect({ name: PANEL_PORT });
        port.onDisconnect.addListener(() => {
          port = null;
          // The worker was stopped (the panel is still here): hold a new port, if still needed.
          setTimeout(hold, RECONNECT_MS);
        });
      } catch {
        port = null;
      }
    };
    effect(() => {
      if (isActive(state.value)) hold();
    });
  });
}
