/**
 * Reads the page the user invoked Hark on: title, URL, selection. Runs with the `activeTab`
 * grant from the toolbar click or shortcut; restricted pages (chrome://, the Web Store) get a
 * note instead of an error.
 */
import type { PageContext } from '@/lib/page-context';

export async function readPage(tab: chrome.tabs.Tab | undefined): Promise<PageContext | null> {
  if (!tab?.id) return null;
  const fallback: PageContext = { title: tab.title ?? '', url: tab.url ?? '', selection: '' };
  try {
    const [res] = await chrome.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => ({
        title: document.title,
        url: location.href,
        selection: String(getSelection() ?? ''),
      }),
    });
    return (res?.result as PageContext | undefined) ?? fallback;
  } catch (e) {
    const note = /cannot be scripted|chrome:\/\/|extensions gallery|Cannot access/i.test(String(e))
      ? 'This is a browser page that extensions may not read; only its address is known.'
      : 'Hark could not read this page; only its title and address are known.';
    return { ...fallback, note };
  }
}
