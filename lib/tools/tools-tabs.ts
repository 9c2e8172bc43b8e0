/**
 * Other tabs: only with the optional all-sites permission, and each tab judged by the same site
 * rules as the current page. A tab the user keeps private is listed as "private" with no title or
 * address; reading it is refused without touching it.
 */
import type { ToolOutcome } from './contract';
import { str } from './args';
import type { ToolContext } from './tools-read';
import { READ_CHARS } from './tools-read';
import { isExcluded } from '../page/site-rules';
import { isPrivateNote, modelNote } from '../page/notes';
import { fenceText, pageResult, quoteValue } from './output';
import type { ToolName } from './names';
import { t } from '../i18n';

type Impl = (ctx: ToolContext) => Promise<ToolOutcome>;
const no = (error: string, summary: string): ToolOutcome => ({ ok: false, error, summary });
const MAX_TABS = 50;
const withHidden = (list: string, hidden: number) => (hidden ? t('tools.row.tabsPrivate', { list, hidden }) : list);

const NO_ACCESS = 'Hark may only see other tabs when the user allows access to all sites (in the side panel). Tell the user.';

const listTabs: Impl = async ({ deps, siteRules }) => {
  if (!(await deps.hasAllSitesAccess())) return no(NO_ACCESS, t('tools.row.tabsNoAccess'));
  const tabs = (await deps.listTabs()).slice(0, MAX_TABS);
  let hidden = 0;
  const listed = tabs.map((t) => {
    const d = isExcluded(t.url, siteRules, { incognito: t.incognito });
    if (!d.allowed && isPrivateNote(d.code)) {
      hidden++;
      return { id: `t${t.id}`, private: true };
    }
    let site = '';
    try {
      site = new URL(t.url).host;
    } catch {
      // no address: only the title
    }
    return { id: `t${t.id}`, title: quoteValue(t.title, 120), site: quoteValue(site, 100), current: !!t.active, readable: d.allowed };
  });
  return {
    ok: true,
    output: pageResult({ tabs: listed }),
    summary: withHidden(tabs.length === 1 ? t('tools.row.tabsOne') : t('tools.row.tabs', { count: tabs.length }), hidden),
  };
};

const readTab: Impl = async ({ deps, args, siteRules }) => {
  if (!(await deps.hasAllSitesAccess())) return no(NO_ACCESS, t('tools.row.tabsNoAccess'));
  const m = /^t(\d{1,10})$/i.exec(str(args, 'id'));
  const tab = m ? (await deps.listTabs()).find((t) => t.id === Number(m[1])) : undefined;
  if (!tab) return no('There is no such tab; use list_tabs.', t('tools.row.noTab'));
  const d = isExcluded(tab.url, siteRules, { incognito: tab.incognito });
  if (!d.allowed) return no(`Refused: ${modelNote(d.code ?? 'browser-page')}`, d.reason ? t('tools.row.refusedTabWhy', { reason: d.reason }) : t('tools.row.refusedTab'));
  const page = await deps.readPage(tab.id);
  // The page may have navigated since it was listed: judge what was actually read.
  const after = isExcluded(page.url || tab.url, siteRules, { incognito: tab.incognito });
  if (!after.allowed) return no(`Refused: ${modelNote(after.code ?? 'browser-page')}`, t('tools.row.refusedTab'));
  const cut = page.text.length > READ_CHARS;
  return {
    ok: true,
    output: pageResult({ id: `t${tab.id}`, title: quoteValue(page.title || tab.title), url: quoteValue(page.url || tab.url, 300), text: fenceText(page.text, READ_CHARS), shortened: cut }),
    summary: t('tools.row.readTab', { title: (page.title || tab.title).slice(0, 50) }),
  };
};

export const TAB_TOOLS: Pick<Record<ToolName, Impl>, 'list_tabs' | 'read_tab'> = { list_tabs: listTabs, read_tab: readTab };
