/**
 * The keyboard shortcuts other than start/stop (`_execute_action` is the toolbar click itself):
 * mute/unmute and interrupt, handled here in the worker, so they work while the page has focus.
 * What each does is decided in lib/commands.ts.
 */
import { browser } from 'wxt/browser';
import { commandAction } from '@/lib/commands';
import { offscreenMessenger } from '@/lib/protocol/messages';
import { sessionRecordItem } from '@/lib/state/storage';
import { createLogger } from '@/lib/log';
import { supervisor } from './session';

const log = createLogger('sw');

export async function runCommand(command: string): Promise<void> {
  const action = commandAction(command, (await sessionRecordItem.getValue()).state);
  if (action.kind === 'mute') await supervisor.setMuted(action.muted);
  // Straight to the offscreen document, as the side panel's Interrupt does.
  else if (action.kind === 'interrupt') await offscreenMessenger.sendMessage('offscreen:interrupt', undefined);
}

export function startCommands(): void {
  browser.commands.onCommand.addListener((command) => void runCommand(command).catch((e: unknown) => log.warn(`shortcut ${command}`, e)));
}
