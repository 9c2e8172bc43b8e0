/** A fake browser for the tool runner: one tab per URL, pages as ToolPage values, every call recorded. */
import { vi, type Mock } from 'vitest';
import type { ConfirmAnswer, ConfirmRequest } from '@/lib/tools/confirm';
import type { SharedEntry, TabInfo, ToolRunnerDeps } from '@/lib/tools/deps';
import type { ToolPage } from '@/lib/tools/page-model';
import { DEFAULT_SITE_RULES, type SiteRules } from '@/lib/page/site-rules';
import type { ToolSettings } from '@/lib/tools/settings';

export function page(p: Partial<ToolPage> & { url: string }): ToolPage {
  return { title: 'A page', text: '', headings: [], links: [], selection: '', ...p };
}

export interface Fake {
  deps: ToolRunnerDeps;
  tabs: TabInfo[];
  pages: Map<number, ToolPage>;
  asked: ConfirmRequest[];
  shared: SharedEntry[];
  rules: SiteRules;
  tools: ToolSettings;
  answer: (req: ConfirmRequest, signal: AbortSignal) => Promise<ConfirmAnswer>;
  allSites: boolean;
  readPage: Mock<(id: number) => Promise<ToolPage>>;
  openUrl: Mock<(id: number, url: string, newTab: boolean) => Promise<void>>;
  goBack: Mock<(id: number) => Promise<void>>;
  capture: Mock<(t: TabInfo) => Promise<string>>;
  highlight: Mock<(id: number, passage: string) => Promise<boolean>>;
}

export function fakeBrowser(current: ToolPage, more: ToolPage[] = []): Fake {
  const pages = new Map<number, ToolPage>();
  const tabs: TabInfo[] = [current, ...more].map((p, i) => {
    pages.set(i + 1, p);
    return { id: i + 1, url: p.url, title: p.title, incognito: false, active: i === 0 };
  });
  const f: Fake = {
    tabs,
    pages,
    asked: [],
    shared: [],
    rules: { ...DEFAULT_SITE_RULES },
    tools: { enabled: {}, screenSites: [] },
    answer: async () => 'denied',
    allSites: true,
    readPage: vi.fn(async (id: number) => {
      const p = pages.get(id);
      if (!p) throw new Error('No tab');
      return p;
    }),
    openUrl: vi.fn(async (_id: number, _url: string, _nt: boolean) => {}),
    goBack: vi.fn(async (_id: number) => {}),
    capture: vi.fn(async (_t: TabInfo) => 'data:image/jpeg;base64,AAAA'),
    highlight: vi.fn(async (_id: number, _p: string) => true),
    deps: null as unknown as ToolRunnerDeps,
  };
  f.deps = {
    settings: async () => ({ siteRules: f.rules, tools: f.tools }),
    currentTab: async () => f.tabs[0] ?? null,
    readPage: (id) => f.readPage(id),
    highlight: (id, p) => f.highlight(id, p),
    clearHighlights: async () => 1,
    scroll: async () => true,
    openUrl: (id, url, nt) => f.openUrl(id, url, nt),
    goBack: (id) => f.goBack(id),
    hasAllSitesAccess: async () => f.allSites,
    listTabs: async () => f.tabs,
    captureVisible: (t) => f.capture(t),
    confirm: (req, signal) => {
      f.asked.push(req);
      return f.answer(req, signal);
    },
    shared: (e) => f.shared.push(e),
    now: () => 1000,
  };
  return f;
}

export const call = (name: string, args: unknown = {}) => ({ callId: 'call_1', name, arguments: JSON.stringify(args) });
export const live = () => new AbortController().signal;
