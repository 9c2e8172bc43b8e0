/**
 * Wires the session supervisor (lib/session/supervisor.ts) to the browser: the record in
 * `session:` storage, the offscreen document as audio host, the mint, the page reader, the
 * badge and the side panels. Behaviour lives in lib/session; this file only connects it.
 */
import { browser } from 'wxt/browser';
import { describe } from '@/lib/session/machine';
import { createSupervisor } from '@/lib/session/supervisor';
import { createLogger } from '@/lib/log';
import { notify } from '@/lib/protocol/messages';
import { sessionStore } from '@/lib/state/session-store';
import { emptyTranscript } from '@/lib/transcript/reduce';
import { chromiumPlatform } from './platform-chromium';
import { firefoxPlatform } from './platform-firefox';
import { createAudioHost } from './offscreen-host';
import { readPage } from './page-reader';
import { connectPrefs, getSettings, instructionsFor, sessionOptions } from './session-options';
import { mintForSettings, withServerPrefix } from './mint';
import { startMarks } from './marks';

// Chosen at build time (`wxt build -b firefox`): the other browser's module is dropped.
export const platform = import.meta.env.FIREFOX ? firefoxPlatform : chromiumPlatform;

export const supervisor = createSupervisor({
  host: createAudioHost(platform),
  records: sessionStore,
  settings: getSettings,
  mint: mintForSettings,
  readPage,
  tab: (tabId) => browser.tabs.get(tabId).catch(() => undefined),
  configure: { instructions: instructionsFor, options: sessionOptions, prefs: connectPrefs, withServerPrefix },
  clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  openPanels: () => platform.panel.openCount(),
  show(state) {
    // Shown when the browser gets to it; the stored record is what the next step relies on.
    void browser.action.setBadgeText({ text: describe(state).badge }).catch(() => {});
    notify('ui:state', { state });
  },
  showShared: (shared) => notify('ui:shared', shared),
  transcriptReset: () => notify('ui:transcriptReset', { transcript: emptyTranscript() }),
  askForMicrophone: async () => void (await browser.tabs.create({ url: browser.runtime.getURL('/options.html#microphone') })),
  mark: (stage) => startMarks.mark(stage),
  log: createLogger('sw'),
});
