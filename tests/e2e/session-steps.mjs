// @ts-check
/**
 * Steps that put a conversation in the state a test needs, whatever the tests before it left
 * behind (a test that failed half-way must not make the next one fail too). The toolbar click
 * toggles: it starts when nothing is running and stops when a session is live or on its way, so
 * each step looks at what the side panel shows before clicking.
 */
import { findTarget, triggerAction } from './harness.mjs';
import { readPanel, waitForPanel } from './support.mjs';

/** Statuses in which a toolbar click stops rather than starts (lib/session/machine.ts `isActive`). */
const ACTIVE = new Set(['connecting', 'requesting-mic', 'live', 'reconnecting']);

/** What the side panel shows, or null when none is open (yet): no 10 s wait for one to appear. */
const panelNow = async (/** @type {import('playwright-core').BrowserContext} */ ctx) =>
  (await findTarget(ctx, 'sidepanel.html').catch(() => undefined)) ? readPanel(ctx).catch(() => null) : null;

/**
 * A live session: started with a toolbar click unless one is live or on its way already.
 * @param {{ ctx: import('playwright-core').BrowserContext, extensionId: string }} b
 * @param {import('playwright-core').Page} page  the web page the user talks about
 */
export async function ensureLive(b, page) {
  const now = await panelNow(b.ctx);
  if (!now || !ACTIVE.has(now.status ?? '')) await triggerAction(b.ctx, b.extensionId, page);
  return waitForPanel(b.ctx, (p) => p.status === 'live', 'side panel shows a live session');
}

/**
 * No session running: stopped with a toolbar click if one is live or on its way.
 * @param {{ ctx: import('playwright-core').BrowserContext, extensionId: string }} b
 * @param {import('playwright-core').Page} page
 */
export async function ensureStopped(b, page) {
  const now = await panelNow(b.ctx);
  if (!now) return null; // no side panel yet: nothing was ever started
  if (ACTIVE.has(now.status ?? '')) await triggerAction(b.ctx, b.extensionId, page);
  return waitForPanel(b.ctx, (p) => !ACTIVE.has(p.status ?? ''), 'no session running');
}
