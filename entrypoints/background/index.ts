import { defineBackground } from 'wxt/utils/define-background';
import { backgroundReceiver, OFFSCREEN_PORT, PANEL_PORT } from '@/lib/protocol/messages';
import { admitPort } from '@/lib/protocol/guard';
import { settingsItem } from '@/lib/state/storage';
import { withDefaults } from '@/lib/settings';
import { SECRET_KINDS } from '@/lib/connection';
import { testConnection } from './mint';
import { confirmOrigin, migrateSecrets, saveSecret, secretStatuses } from './secret-store';
import { startHistoryRecorder } from './history-recorder';
import { startTabMuting } from './tab-muting';
import { startFirstRun } from './first-run';
import { startActionState } from './action-state';
import { startMarks } from './marks';
import { checkpoint, followPage, offscreenGone, panelClosed, onConnectionEvent, onMicPermission, prepareToggle, retryDue, sendText, setMuted, sidePanelClosed, snapshot, standbyOver, stop, toggle } from './session';

/** Tab switches and loads come in bursts; read the page once things settle. */
const FOLLOW_DEBOUNCE_MS = 500;
let followTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleFollow(tabId: number): void {
  clearTimeout(followTimer);
  followTimer = setTimeout(() => void followPage(tabId), FOLLOW_DEBOUNCE_MS);
}

export default defineBackground({
  type: 'module',
  // Listeners are registered synchronously: a restarted worker must see the event that woke it.
  main() {
    // The secrets live in `local:`; keep content scripts (untrusted contexts) away from that area.
    // Chrome persists the level; Hark's only content script is injected by this worker, after
    // this line ran. Unsupported (older Chrome): say so, never silently (docs/keys.md).
    restrictToTrustedContexts();
    // Keys saved by an older version as bare strings get bound to an origin (lib/secret-origin.ts).
    void migrateSecrets().catch((e: unknown) => console.warn(`[hark] migrating secrets: ${String(e)}`));

    startHistoryRecorder();
    startTabMuting();
    startFirstRun();
    startActionState();

    chrome.action.onClicked.addListener((tab) => {
      startMarks.mark('click', true);
      // First: the browser then creates the offscreen document before the side panel's.
      prepareToggle();
      // sidePanel.open must run inside the click's user gesture, before any await.
      chrome.sidePanel.open({ windowId: tab.windowId }).catch((e) => console.warn('[hark] side panel', e));
      void toggle(tab);
    });

    // Chrome 142+; older versions keep a standby document until its time is up.
    chrome.sidePanel.onClosed?.addListener(() => void sidePanelClosed());

    chrome.tabs.onActivated.addListener(({ tabId }) => scheduleFollow(tabId));
    chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
      if (tab.active && (change.status === 'complete' || change.title)) scheduleFollow(tabId);
    });

    // Every handler below runs only for the senders lib/protocol/sender-policy.ts allows.
    const bg = backgroundReceiver(chrome.runtime.id);

    bg.onMessage('bg:toggle', async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return toggle(tab);
    });
    bg.onMessage('bg:stop', () => stop());
    bg.onMessage('bg:refreshPage', async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id) await followPage(tab.id);
    });
    bg.onMessage('bg:getSnapshot', () => snapshot());
    bg.onMessage('bg:sendText', ({ data }) => sendText(data.text));
    bg.onMessage('bg:setMuted', ({ data }) => setMuted(data.muted));
    bg.onMessage('bg:micPermission', ({ data }) => onMicPermission(data.granted));
    bg.onMessage('bg:connectionEvent', ({ data }) => onConnectionEvent(data.attempt, data.event));
    bg.onMessage('bg:retryDue', ({ data }) => retryDue(data.attempt));
    bg.onMessage('bg:checkpoint', ({ data }) => checkpoint(data.attempt, data.transcript));
    bg.onMessage('bg:standbyOver', () => standbyOver());
    // The offscreen document holds a port to this worker: its disconnect means the document is
    // gone (crashed, or closed by the browser) — recovered at once if a session was running.
    chrome.runtime.onConnect.addListener((port) => {
      // A forged port's disconnect would read as "document gone" / "panel closed".
      if (!admitPort(port, chrome.runtime.id)) return;
      if (port.name === OFFSCREEN_PORT) port.onDisconnect.addListener(() => void offscreenGone());
      // An open side panel holds a port during a session ("stop when the side panel closes").
      else if (port.name === PANEL_PORT) {
        panelPorts++;
        port.onDisconnect.addListener(() => {
          panelPorts--;
          void panelClosed();
        });
      }
    });
    // Secrets: bound to the origin the saved settings name, decided in secret-store.ts.
    bg.onMessage('bg:saveSecret', ({ data }) => (SECRET_KINDS.includes(data.kind) ? saveSecret(data.kind, String(data.value), data.origin) : { saved: false }));
    bg.onMessage('bg:secretStatus', () => secretStatuses());
    bg.onMessage('bg:confirmOrigin', ({ data }) => confirmOrigin(data));
    bg.onMessage('bg:testConnection', async () => testConnection(withDefaults(await settingsItem.getValue())));
  },
});

/** Side panels holding a presence port now (tests read it as `harkDebug.panelPorts()` in the worker). */
let panelPorts = 0;
Object.assign(globalThis, { harkDebug: { panelPorts: () => panelPorts, startMarks: () => startMarks.read() } });

function restrictToTrustedContexts(): void {
  for (const [name, area] of [['local', chrome.storage.local], ['sync', chrome.storage.sync]] as const) {
    if (!area.setAccessLevel) {
      console.warn(`[hark] storage.${name}.setAccessLevel is not available in this browser; secrets rely on Hark injecting no persistent content script`);
      continue;
    }
    area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((e: unknown) => console.warn(`[hark] storage.${name}.setAccessLevel: ${String(e)}`));
  }
}
