/** Whether the user finished (or dismissed) the first-run page. */
import { storage } from 'wxt/utils/storage';

export const onboardedItem = storage.defineItem<boolean>('local:onboarded', { fallback: false, version: 1 });

/** The page, opened once when Hark is installed; the side panel links to it until it is done. */
export const WELCOME_PATH = '/welcome.html';

/** The toolbar shortcut as the user set it (`chrome.commands`), or '' when none. */
export async function actionShortcut(): Promise<string> {
  const commands = await chrome.commands.getAll().catch(() => []);
  return commands.find((c) => c.name === '_execute_action')?.shortcut ?? '';
}
