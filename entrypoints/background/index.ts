import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { backgroundReceiver, OFFSCREEN_PORT, ownExtension, PANEL_PORT } from '@/lib/protocol/messages';
import { admitPort } from '@/lib/protocol/guard';
import { createLogger } from '@/lib/log';
import { SECRET_KINDS } from '@/lib/connection';
import { sessionError } from '@/lib/errors';
import { mintPreview, testConnection } from './mint';
import { isPreviewVoice } from '@/lib/voice/preview';
import { confirmOrigin, migrateSecrets, saveSecret, secretStatuses } from './secret-store';
import { startHistoryRecorder } from './history-recorder';
import { signIn, signInStatus, signOut } from './sign-in';
import { startTabMuting } from './tab-muting';
import { startFirstRun } from './first-run';
import { startActionState } from './action-state';
import { startMarks } from './marks';
import { getSettings } from './session-options';
import { platform, supervisor } from './session';
import { registerToolHandler } from './tools';
import { runCommand, startCommands } from './commands';
import { onMenuClick, startSelectionMenu, TALK_ABOUT_ID } from './selection-menu';

const log = createLogger('sw');
import { startToolHost } from './tool-host';
import { t } from '@/lib/i18n';

/** Tab switches and loads come in bursts; read the page once things settle. */
const FOLLOW_DEBOUNCE_MS = 500;
let followTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleFollow(tabId: number): void {
  clearTimeout(followTimer);
  followTimer = setTimeout(() => void supervisor.followPage(tabId), FOLLOW_DEBOUNCE_MS);
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
    void migrateSecrets().catch((e: unknown) => log.warn(`migrating secrets: ${String(e)}`));

    startHistoryRecorder();
    startTabMuting();
    startFirstRun();
    startToolHost();
    startActionState();
    startCommands();
    startSelectionMenu();

    browser.action.onClicked.addListener((tab) => {
      startMarks.mark('click', true);
      // First: the browser then creates the offscreen document before the side panel's.
      supervisor.prepareToggle();
      // The panel must open inside the click's user gesture, before any await.
      platform.panel.openFromClick(tab.windowId).catch((e: unknown) => log.warn('side panel', e));
      void supervisor.toggle(tab);
    });

    platform.panel.onClosed(() => void supervisor.sidePanelClosed());

    browser.tabs.onActivated.addListener(({ tabId }) => scheduleFollow(tabId));
    browser.tabs.onUpdated.addListener((tabId, change, tab) => {
      if (tab.active && (change.status === 'complete' || change.title)) scheduleFollow(tabId);
    });

    // Every handler below runs only for the senders lib/protocol/sender-policy.ts allows.
    const bg = backgroundReceiver(ownExtension(browser.runtime));

    bg.onMessage('bg:toggle', async () => {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      return supervisor.toggle(tab);
    });
    bg.onMessage('bg:stop', () => supervisor.stop());
    bg.onMessage('bg:refreshPage', async () => {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id) await supervisor.followPage(tab.id);
    });
    bg.onMessage('bg:getSnapshot', () => supervisor.snapshot());
    bg.onMessage('bg:sendText', ({ data }) => supervisor.sendText(data.text));
    bg.onMessage('bg:setMuted', ({ data }) => supervisor.setMuted(data.muted));
    bg.onMessage('bg:micPermission', ({ data }) => supervisor.onMicPermission(data.granted));
    bg.onMessage('bg:connectionEvent', ({ data }) => supervisor.onConnectionEvent(data.attempt, data.event));
    bg.onMessage('bg:retryDue', ({ data }) => supervisor.retryDue(data.attempt));
    bg.onMessage('bg:checkpoint', ({ data }) => supervisor.checkpoint(data.attempt, data.transcript));
    bg.onMessage('bg:standbyOver', () => supervisor.standbyOver());
    registerToolHandler(bg);
    // The offscreen document holds a port to this worker: its disconnect means the document is
    // gone (crashed, or closed by the browser) — recovered at once if a session was running.
    browser.runtime.onConnect.addListener((port) => {
      // A forged port's disconnect would read as "document gone" / "panel closed".
      if (!admitPort(port, ownExtension(browser.runtime), log)) return;
      if (port.name === OFFSCREEN_PORT) port.onDisconnect.addListener(() => void supervisor.hostGone());
      // An open side panel holds a port during a session ("stop when the side panel closes").
      else if (port.name === PANEL_PORT) {
        panelPorts++;
        port.onDisconnect.addListener(() => {
          panelPorts--;
          void supervisor.panelClosed();
        });
      }
    });
    // Secrets: bound to the origin the saved settings name, decided in secret-store.ts.
    bg.onMessage('bg:saveSecret', ({ data }) => (SECRET_KINDS.includes(data.kind) ? saveSecret(data.kind, String(data.value), data.origin) : { saved: false }));
    bg.onMessage('bg:secretStatus', () => secretStatuses());
    bg.onMessage('bg:confirmOrigin', ({ data }) => confirmOrigin(data));
    bg.onMessage('bg:signIn', ({ data }) => signIn(data));
    bg.onMessage('bg:signInStatus', () => signInStatus());
    bg.onMessage('bg:signOut', () => signOut());
    bg.onMessage('bg:testConnection', async () => testConnection(await getSettings()));
    bg.onMessage('bg:previewVoice', async ({ data }) =>
      isPreviewVoice(data.voice) ? mintPreview(await getSettings(), data.voice) : { ok: false as const, error: sessionError('bad-request', t('voice.unknownVoice')) },
    );
  },
});

/** Side panels holding a presence port now (tests read it as `harkDebug.panelPorts()` in the worker). */
let panelPorts = 0;
// Test hooks: compiled out of release builds (`npm run zip`, --mode release).
if (import.meta.env.HARK_TEST_HOOKS) Object.assign(globalThis, {
    harkDebug: {
      panelPorts: () => panelPorts,
      startMarks: () => startMarks.read(),
      // Headless Chromium fires no `commands` for key presses and shows no context menu: the
      // tests call the same handlers the browser calls (docs e2e-in-chromium §2d).
      command: (name: string) => runCommand(name),
      menuClick: async (selectionText: string) => {
        const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
        onMenuClick({ menuItemId: TALK_ABOUT_ID, selectionText }, tab);
      },
    },
  });

function restrictToTrustedContexts(): void {
  for (const [name, area] of [['local', browser.storage.local], ['sync', browser.storage.sync]] as const) {
    if (!area.setAccessLevel) {
      log.warn(`storage.${name}.setAccessLevel is not available in this browser; secrets rely on Hark injecting no persistent content script`);
      continue;
    }
    area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((e: unknown) => log.warn(`storage.${name}.setAccessLevel: ${String(e)}`));
  }
}
