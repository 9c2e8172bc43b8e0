/** Opens the first-run page once, when Hark is installed (not on updates or browser restarts). */
import { WELCOME_PATH } from '@/lib/state/onboarding';

export function startFirstRun(): void {
  chrome.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== chrome.runtime.OnInstalledReason.INSTALL) return;
    chrome.tabs.create({ url: chrome.runtime.getURL(WELCOME_PATH) }).catch((e) => console.warn('[hark] welcome page', e));
  });
}
