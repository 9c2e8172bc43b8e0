/**
 * The page tools' browser side, in the service worker: the chrome.* implementation of the tool
 * runner's dependencies, the pending confirmations (answered only from the side panel), and what
 * tools sent. `runTool` is what the worker's `bg:runTool` handler (entrypoints/background/tools.ts)
 * calls; `startToolHost` registers the side panel's messages. Reading runs in the tab's isolated
 * world through the same reader as the page snapshot (hidden text and form fields excluded,
 * redacted in the tab), and only after the site rules allowed the tab.
 */
import { backgroundReceiver, notify } from '@/lib/protocol/messages';
import { sessionRecordItem, settingsItem } from '@/lib/state/storage';
import { withDefaults } from '@/lib/settings';
import { isExcluded } from '@/lib/page/site-rules';
import type { ToolCall, ToolOutcome, ToolRunner } from '@/lib/tools/contract';
import { Confirmations } from '@/lib/tools/confirm';
import type { ScrollTarget, SharedEntry, TabInfo, ToolRunnerDeps } from '@/lib/tools/deps';
import type { ToolPage } from '@/lib/tools/page-model';
import { appendShared, type ToolPanelState } from '@/lib/tools/panel-state';
import { createToolRunner } from '@/lib/tools/runner';
import { PageCache } from '@/lib/tools/page-cache';
import { HIGHLIGHT_CSS, inPage } from './tool-page-calls';

export { toolDefinitions } from '@/lib/tools/definitions';

let shared: SharedEntry[] = [];
/** Tabs this conversation highlighted in: cleared when it ends. */
const highlighted = new Set<number>();
/** The text each tab's tools read, for this conversation (dropped on navigation and at its end). */
const pages = new PageCache();

const broadcast = () => notify('ui:toolState', panelState());
const confirmations = new Confirmations(() => broadcast());

export function panelState(): ToolPanelState {
  return { pending: confirmations.list(), shared };
}

const tabInfo = (t: chrome.tabs.Tab): TabInfo | null =>
  t.id === undefined ? null : { id: t.id, url: t.url ?? t.pendingUrl ?? '', title: t.title ?? '', incognito: t.incognito, active: t.active };

async function settings() {
  const s = withDefaults(await settingsItem.getValue());
  return { siteRules: s.siteRules, tools: s.tools };
}

const deps: ToolRunnerDeps = {
  settings,
  async currentTab() {
    // The conversation's tab while one runs (the worker follows the tab the user looks at).
    const rec = await sessionRecordItem.getValue();
    if (rec.tabId !== null && rec.state.status !== 'idle') {
      const t = await chrome.tabs.get(rec.tabId).catch(() => undefined);
      if (t) return tabInfo(t);
    }
    const [t] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return t ? tabInfo(t) : null;
  },
  async readPage(tabId, opts) {
    // Judged again before every read, cached or not: the tab may have moved to a page the user
    // keeps private, or the user changed a rule mid-conversation.
    const tab = await chrome.tabs.get(tabId);
    const { siteRules } = await settings();
    const decision = isExcluded(tab.url ?? '', siteRules, { incognito: tab.incognito });
    if (!decision.allowed) {
      pages.drop(tabId);
      throw new Error('This page is excluded by the site rules.');
    }
    const load = () => inPage<ToolPage>(tabId, 'read');
    return opts?.fresh ? pages.store(tabId, tab.url ?? '', load()) : pages.read(tabId, tab.url ?? '', load);
  },
  async highlight(tabId, passage) {
    await chrome.scripting.insertCSS({ target: { tabId }, css: HIGHLIGHT_CSS });
    const found = await inPage<boolean>(tabId, 'highlight', passage);
    if (found) highlighted.add(tabId);
    return found;
  },
  async clearHighlights(tabId) {
    highlighted.delete(tabId);
    return inPage<number>(tabId, 'clear');
  },
  scroll: (tabId, to: ScrollTarget) => inPage<boolean>(tabId, 'scroll', to),
  async openUrl(tabId, url, newTab) {
    if (newTab) {
      const t = await chrome.tabs.get(tabId);
      await chrome.tabs.create({ url, openerTabId: tabId, index: t.index + 1, windowId: t.windowId });
    } else await chrome.tabs.update(tabId, { url });
  },
  goBack: (tabId) => chrome.tabs.goBack(tabId),
  hasAllSitesAccess: () => chrome.permissions.contains({ origins: ['<all_urls>'] }),
  async listTabs() {
    const tabs = await chrome.tabs.query({});
    return tabs.map(tabInfo).filter((t): t is TabInfo => !!t);
  },
  async captureVisible(tab) {
    const t = await chrome.tabs.get(tab.id);
    if (!t.active) throw new Error('The tab is not visible.');
    return chrome.tabs.captureVisibleTab(t.windowId, { format: 'jpeg', quality: 60 });
  },
  confirm: (req, signal) => confirmations.ask(req, signal),
  shared(entry) {
    shared = appendShared(shared, entry);
    broadcast();
  },
};

let runner: ToolRunner | null = null;
export function toolRunner(): ToolRunner {
  runner ??= createToolRunner(deps);
  return runner;
}

/** Runs one call from the voice session (the `bg:runTool` handler). */
export function runTool(call: ToolCall, signal: AbortSignal): Promise<ToolOutcome> {
  return toolRunner().run(call, signal);
}

/** The conversation ended: pending confirmations are cancelled and highlights cleared. */
export async function endToolConversation(): Promise<void> {
  confirmations.cancelAll();
  pages.clear();
  const tabs = [...highlighted];
  highlighted.clear();
  await Promise.all(tabs.map((id) => inPage<number>(id, 'clear').catch(() => 0)));
}

/** Registers the side panel's tool messages; call once from the worker's `main()`. */
export function startToolHost(): void {
  const bg = backgroundReceiver(chrome.runtime.id);
  bg.onMessage('bg:toolState', () => panelState());
  bg.onMessage('bg:toolConfirmAnswer', ({ data }) => ({ ok: typeof data?.id === 'string' && confirmations.answer(data.id, data.allow === true) }));
  bg.onMessage('bg:toolVoiceAnswer', ({ data }) => ({
    ok: typeof data?.allow === 'boolean' && typeof data.spokeAt === 'number' && confirmations.answerSpoken(data.allow, data.spokeAt),
  }));
  sessionRecordItem.watch((rec, old) => {
    if (rec?.state.status === 'idle' && old?.state.status !== 'idle') void endToolConversation();
    // A new conversation starts with an empty "what tools sent".
    if (rec?.state.status === 'connecting' && old?.state.status !== 'connecting' && old?.state.status !== 'reconnecting') {
      shared = [];
      pages.clear();
      broadcast();
    }
  });
  // A tab that loads (a navigation, a reload, a new address or title in a single-page app) or
  // closes has other text now.
  chrome.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' || change.url !== undefined || change.title !== undefined) pages.drop(tabId);
  });
  chrome.tabs.onRemoved.addListener((tabId) => pages.drop(tabId));
  // For e2e tests driving the runner directly (CDP evaluate in the worker); the worker's own global only.
  Object.assign(globalThis, {
    harkTools: {
      run: (call: ToolCall) => runTool(call, new AbortController().signal),
      state: panelState,
      end: endToolConversation,
    },
  });
}
