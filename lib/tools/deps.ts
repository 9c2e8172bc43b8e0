/**
 * What the tool runner needs from the browser, injected so the runner stays pure and testable.
 * The service worker's implementation is entrypoints/background/tool-host.ts.
 */
import type { SiteRules } from '../page/site-rules';
import type { ConfirmAnswer, ConfirmRequest } from './confirm';
import type { ToolPage } from './page-model';
import type { ToolSettings } from './settings';
import type { ToolName } from './names';

export interface TabInfo {
  id: number;
  url: string;
  title: string;
  incognito: boolean;
  active?: boolean;
}

export type ScrollTarget = { kind: 'top' | 'bottom' | 'highlight' } | { kind: 'heading'; heading: string };

/** One thing a tool sent to the model, for "Shared with the assistant". */
export interface SharedEntry {
  tool: ToolName;
  summary: string;
  /** The screenshot that was sent (look_at_screen). */
  thumbnail?: string;
  at: number;
}

export interface ToolRunnerDeps {
  settings(): Promise<{ siteRules: SiteRules; tools: ToolSettings }>;
  /** The tab the conversation is about (the one the user is looking at). */
  currentTab(): Promise<TabInfo | null>;
  /**
   * Reads a tab with the in-page reader (redacted, hidden text excluded). Throws without access.
   * The text may come from this conversation's cache (same tab, same address); `fresh` reads the
   * page as it is now (the selection).
   */
  readPage(tabId: number, opts?: { fresh?: boolean }): Promise<ToolPage>;
  highlight(tabId: number, passage: string): Promise<boolean>;
  clearHighlights(tabId: number): Promise<number>;
  scroll(tabId: number, to: ScrollTarget): Promise<boolean>;
  openUrl(tabId: number, url: string, newTab: boolean): Promise<void>;
  goBack(tabId: number): Promise<void>;
  /** Whether the optional all-sites host permission is granted (list_tabs, read_tab). */
  hasAllSitesAccess(): Promise<boolean>;
  listTabs(): Promise<TabInfo[]>;
  /** A JPEG data URL of the visible part of the tab. */
  captureVisible(tab: TabInfo): Promise<string>;
  /** Asks the user in the side panel; resolves with their answer. */
  confirm(req: ConfirmRequest, signal: AbortSignal): Promise<ConfirmAnswer>;
  /** Records what a tool sent, for the side panel. */
  shared(entry: SharedEntry): void;
  now?(): number;
}
