/**
 * createToolRunner: the service worker's ToolRunner. Every call goes through the same gates, in
 * order: a known tool, switched on, valid arguments, a tab Hark may read under the site rules
 * (a refusal says why in words the model can repeat, without naming the user's rule), then the
 * tool itself. Thrown errors and aborts become error outcomes, never exceptions.
 */
import type { ToolCall, ToolOutcome, ToolRunner } from './contract';
import { parseArgs } from './args';
import { isToolName, TOOL_KIND, type ToolName } from './names';
import { toolEnabled } from './settings';
import { isExcluded, type SiteDecision } from '../page/site-rules';
import { modelNote } from '../page/notes';
import { redact } from '../page/redact';
import type { ToolRunnerDeps } from './deps';
import { t } from '../i18n';
import { READING_TOOLS, type ToolContext } from './tools-read';
import { ACTING_TOOLS, POINTING_TOOLS } from './tools-act';
import { TAB_TOOLS } from './tools-tabs';

export type ToolImpl = (ctx: ToolContext) => Promise<ToolOutcome>;

const IMPLS: Record<ToolName, ToolImpl> = { ...READING_TOOLS, ...POINTING_TOOLS, ...ACTING_TOOLS, ...TAB_TOOLS };

export const fail = (error: string, summary: string): ToolOutcome => ({ ok: false, error, summary });

/** The refusal the model gets for a page the site rules exclude: the fixed sentence for its code. */
export function refusal(decision: SiteDecision): ToolOutcome {
  const why = modelNote(decision.code ?? 'browser-page') ?? 'This page cannot be read.';
  return fail(`Refused: ${why} Tell the user you cannot use page tools here.`, t('tools.row.refused', { reason: decision.reason ?? why }));
}

export function createToolRunner(deps: ToolRunnerDeps): ToolRunner {
  return {
    async run(call: ToolCall, signal: AbortSignal): Promise<ToolOutcome> {
      const name = call.name;
      if (!isToolName(name)) return fail(`There is no tool called "${name.slice(0, 60)}".`, t('tools.row.unknownTool'));
      try {
        const { siteRules, tools } = await deps.settings();
        if (!toolEnabled(tools, name)) {
          return fail(`The user switched the ${name} tool off in Hark's settings.`, t('tools.row.switchedOff', { name }));
        }
        const parsed = parseArgs(name, call.arguments);
        if (!parsed.ok) return fail(`Invalid arguments: ${parsed.error}`, t('tools.row.invalidArgs', { name }));
        // Tab tools judge each tab on its own; everything else works on the current page.
        const tab = await deps.currentTab();
        if (!tab) return fail('There is no current tab.', t('tools.row.noTabNow'));
        if (name !== 'list_tabs' && name !== 'read_tab') {
          const decision = isExcluded(tab.url, siteRules, { incognito: tab.incognito });
          if (!decision.allowed) return refusal(decision);
        }
        if (signal.aborted) return fail('Cancelled: the conversation ended.', t('tools.row.cancelled', { name }));
        const outcome = await abortable(IMPLS[name]({ deps, tab, args: parsed.args, siteRules, tools, signal }), signal);
        // look_at_screen records its own entry, with the thumbnail.
        if (outcome.ok && TOOL_KIND[name] === 'reading' && name !== 'look_at_screen') {
          deps.shared({ tool: name, summary: outcome.summary, at: deps.now?.() ?? Date.now() });
        }
        return outcome;
      } catch (e) {
        if (signal.aborted) return fail('Cancelled: the conversation ended or the tool took too long.', t('tools.row.cancelled', { name }));
        return fail(`The tool failed: ${describe(e)}`, t('tools.row.failed', { name }));
      }
    },
  };
}

/** Resolves with the work, or rejects as soon as `signal` aborts (the work may go on, unobserved). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A short, fixed-shape description: browser errors can carry addresses, so keep only the first line. */
function describe(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  if (/cannot access|cannot be scripted|permission|host/i.test(s)) return 'Hark has no access to this tab.';
  return redact(s.split('\n')[0]!.slice(0, 160)).text;
}
