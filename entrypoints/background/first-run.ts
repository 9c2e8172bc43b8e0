/** Opens the first-run page once, when Hark is installed (not on updates or browser restarts). */
import { browser } from 'wxt/browser';
import { WELCOME_PATH } from '@/lib/state/onboarding';
import { createLogger } from '@/lib/log';

export function startFirstRun(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PATH) }).catch((e: unknown) => createLogger('sw').warn('welcome page', e));
  });
}
