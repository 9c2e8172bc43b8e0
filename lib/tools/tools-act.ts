/**
 * Pointing tools (highlight, scroll: visible, reversible, no confirmation) and acting tools
 * (open_link, go_back), which never run without the user's "allow" in the side panel. The
 * confirmation names the exact action and the full target address; a denial, a timeout or the
 * end of the conversation goes back to the model as the tool's output.
 */
import type { ToolOutcome } from './contract';
import { str } from './args';
import type { ToolContext } from './tools-read';
import { buildSections, findSection } from './page-model';
import { quoteValue } from './output';
import type { ToolName } from './names';
import type { ConfirmAnswer } from './confirm';
import { t } from '../i18n';
import { answerWord } from './row-text';

type Impl = (ctx: ToolContext) => Promise<ToolOutcome>;
const ok = (output: unknown, summary: string): ToolOutcome => ({ ok: true, output, summary });
const no = (error: string, summary: string): ToolOutcome => ({ ok: false, error, summary });

const highlight: Impl = async ({ deps, tab, args }) => {
  const passage = str(args, 'passage');
  const found = await deps.highlight(tab.id, passage);
  return found
    ? ok({ highlighted: true }, t('tools.row.highlighted'))
    : no('That passage was not found on the page as written; use find_on_page and give the text exactly as returned.', t('tools.row.highlightMissing'));
};

const clearHighlights: Impl = async ({ deps, tab }) => {
  const n = await deps.clearHighlights(tab.id);
  return ok({ cleared: n }, t('tools.row.cleared'));
};

const scroll: Impl = async (ctx) => {
  const to = str(ctx.args, 'to');
  const lower = to.toLowerCase();
  let done: boolean;
  let label = lower;
  if (lower === 'top' || lower === 'bottom' || lower === 'highlight') {
    done = await ctx.deps.scroll(ctx.tab.id, { kind: lower });
  } else {
    const page = await ctx.deps.readPage(ctx.tab.id);
    const sec = findSection(buildSections(page.text, page.headings, page.title), to);
    if (!sec || sec.id === 's0') return no('No heading matches that; use list_headings.', t('tools.row.noHeading', { to: to.slice(0, 40) }));
    label = sec.heading;
    done = await ctx.deps.scroll(ctx.tab.id, { kind: 'heading', heading: sec.heading });
  }
  return done ? ok({ scrolled: to }, t('tools.row.scrolled', { label: label.slice(0, 60) })) : no('Could not scroll there.', t('tools.row.scrollFailed'));
};

function refusedByUser(a: ConfirmAnswer, what: string, summary: string): ToolOutcome {
  const why = a === 'denied' ? 'The user declined' : a === 'timed-out' ? 'The user did not answer' : 'The conversation ended before the user answered';
  return no(`${why}: ${what} was not done. Do not try again unless the user asks.`, t('tools.row.answered', { what: summary, answer: answerWord(a) }));
}

/** Only web addresses: a javascript: or data: "link" is not something to open on anyone's behalf. */
function openable(href: string): URL | null {
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

const openLink: Impl = async ({ deps, tab, args, signal }) => {
  const id = str(args, 'link_id').toLowerCase();
  const newTab = args.new_tab === true;
  const page = await deps.readPage(tab.id);
  const link = page.links.find((l) => l.id === id);
  if (!link) return no(`There is no link "${id.slice(0, 20)}" on the page; use list_links.`, t('tools.row.noLink', { id: id.slice(0, 20) }));
  const url = openable(link.href);
  if (!url) return no('That link is not a web address Hark opens.', t('tools.row.nonWebLink'));
  const short = `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  const answer = await deps.confirm(
    { tool: 'open_link', action: newTab ? t('tools.action.openNew') : t('tools.action.openHere'), target: url.href, detail: link.text },
    signal,
  );
  const asked = t('tools.row.askedOpen', { site: short });
  if (answer !== 'allowed') return refusedByUser(answer, 'opening the link', asked);
  await deps.openUrl(tab.id, url.href, newTab);
  return ok({ opened: quoteValue(url.href, 300), new_tab: newTab }, t('tools.row.answered', { what: asked, answer: answerWord('allowed') }));
};

const goBack: Impl = async ({ deps, tab, signal }) => {
  const answer = await deps.confirm({ tool: 'go_back', action: t('tools.action.goBack'), target: tab.url }, signal);
  if (answer !== 'allowed') return refusedByUser(answer, 'going back', t('tools.row.askedBack'));
  await deps.goBack(tab.id);
  return ok({ went_back: true }, t('tools.row.answered', { what: t('tools.row.askedBack'), answer: answerWord('allowed') }));
};

export const POINTING_TOOLS: Pick<Record<ToolName, Impl>, 'highlight' | 'clear_highlights' | 'scroll'> = {
  highlight,
  clear_highlights: clearHighlights,
  scroll,
};

export const ACTING_TOOLS: Pick<Record<ToolName, Impl>, 'open_link' | 'go_back'> = { open_link: openLink, go_back: goBack };
