import { defineBackground } from 'wxt/utils/define-background';
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { apiKeyItem } from '@/lib/state/secrets';
import { followPage, onConnectionEvent, onMicPermission, retryDue, sendText, setMuted, snapshot, stop, toggle } from './session';

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
    // The key lives in `local:`; keep content scripts (untrusted contexts) away from that area.
    chrome.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => {});

    chrome.action.onClicked.addListener((tab) => {
      // sidePanel.open must run inside the click's user gesture, before any await.
      chrome.sidePanel.open({ windowId: tab.windowId }).catch((e) => console.warn('[hark] side panel', e));
      void toggle(tab);
    });

    chrome.tabs.onActivated.addListener(({ tabId }) => scheduleFollow(tabId));
    chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
      if (tab.active && (change.status === 'complete' || change.title)) scheduleFollow(tabId);
    });

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
    bg.onMessage('bg:saveApiKey', async ({ data }) => {
      await apiKeyItem.setValue(data.key.trim());
      return { saved: !!data.key.trim() };
    });
    bg.onMessage('bg:hasApiKey', async () => ({ saved: !!(await apiKeyItem.getValue()) }));
  },
});
