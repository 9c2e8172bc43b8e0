/**
 * Calls into the page tools' in-page half (entrypoints/tool-page.ts). The script is injected into
 * the tab's isolated world first (idempotent: it only installs functions), then one operation
 * runs with its arguments; the page's own scripts live in another world and cannot reach either.
 */
export type InPageOp = 'read' | 'highlight' | 'clear' | 'scroll';

/** The highlight's look: a strong marker colour the page's own styles do not use. */
export const HIGHLIGHT_CSS = '::highlight(hark-tool) { background-color: #ffd54f; color: #111; }';

const MISSING = '__hark_tool_page_missing';

async function call<T>(tabId: number, op: InPageOp, arg: unknown): Promise<T | typeof MISSING | null> {
  const [res] = await chrome.scripting.executeScript({
    target: { tabId },
    // Serialised into the tab: it may use only its arguments and the installed functions.
    func: (name: string, value: unknown, missing: string) => {
      const ops = (globalThis as unknown as { __harkToolPage?: Record<string, (v: unknown) => unknown> }).__harkToolPage;
      return ops ? ops[name]!(value) : missing;
    },
    args: [op, arg ?? null, MISSING],
  });
  return (res?.result ?? null) as T | typeof MISSING | null;
}

export async function inPage<T>(tabId: number, op: InPageOp, arg?: unknown): Promise<T> {
  let result = await call<T>(tabId, op, arg);
  if (result === MISSING) {
    // First tool call on this document: install the in-page half (it stays until the page unloads).
    await chrome.scripting.executeScript({ target: { tabId }, files: ['/tool-page.js'] });
    result = await call<T>(tabId, op, arg);
  }
  if (result === null || result === MISSING) throw new Error('The page could not run the tool.');
  return result as T;
}
