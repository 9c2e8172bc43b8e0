/**
 * "Talk about this with Hark" in the context menu of a selection: opens the panel (the click is
 * a user gesture, as a toolbar click is) and starts a conversation about exactly that text
 * (lib/page/focus.ts: redacted and fenced like all page text; private sites send nothing).
 */
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import type { MenuClick, MenuTab } from '@/lib/platform';
import { createLogger } from '@/lib/log';
import { startMarks } from './marks';
import { platform, supervisor } from './session';

const log = createLogger('sw');
export const TALK_ABOUT_ID = 'hark-talk-about';

export function onMenuClick(click: MenuClick, tab: MenuTab | undefined): void {
  if (click.menuItemId !== TALK_ABOUT_ID || !tab) return;
  startMarks.mark('click', true);
  supervisor.prepareToggle();
  // Inside the click's user gesture, before any await (as for the toolbar button).
  platform.panel.openFromClick(tab.windowId).catch((e: unknown) => log.warn('side panel', e));
  void supervisor.talkAbout(tab, click.selectionText ?? '').catch((e: unknown) => log.warn('talk about the selection', e));
}

export function startSelectionMenu(): void {
  browser.runtime.onInstalled.addListener(() => platform.selectionMenu.create(TALK_ABOUT_ID, t('menu.talkAbout')));
  platform.selectionMenu.onClicked(onMenuClick);
}
