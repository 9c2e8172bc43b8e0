/**
 * Echo control, optional (`muteOtherTabs`): while the assistant talks, other audible tabs are
 * muted, and restored shortly after it stops. Chrome's echo canceller only knows Hark's own
 * playback, so a video playing in another tab would otherwise reach the microphone.
 *
 * Only tabs Hark muted are restored, and only if they are still muted by Hark (a tab the user
 * unmuted or re-muted in the meantime is left alone). `tabs.update({muted})` and the `audible`
 * and `mutedInfo` fields need no "tabs" permission. Chrome has no per-tab volume, so this mutes
 * rather than ducks.
 */
import { browser, type Browser } from 'wxt/browser';
import { sessionRecordItem, settingsItem, type SessionRecord } from '@/lib/state/storage';
import { mutedByHarkItem } from '@/lib/state/worker';
import { withDefaults } from '@/lib/settings';
import { createLogger } from '@/lib/log';
import { serial } from '@/lib/serial';
import { getSettings } from './session-options';

/** Replies come in bursts with short gaps; don't flicker other tabs' sound between them. */
export const RESTORE_DELAY_MS = 1000;

const log = createLogger('sw');
const locked = serial();
/** One change at a time (a burst of record changes must not mute and restore out of order); failures are logged. */
const queue = (job: () => Promise<void>) => void locked(job).catch((e: unknown) => log.warn('tab muting', e));
let restoreTimer: ReturnType<typeof setTimeout> | undefined;

const speaking = (rec: SessionRecord | null) => rec?.state.status === 'live' && rec.state.activity === 'assistant-speaking';

async function enabled(): Promise<boolean> {
  return (await getSettings()).muteOtherTabs;
}

async function mute(tabs: Browser.tabs.Tab[]): Promise<void> {
  const ids = tabs.filter((t) => t.id != null && t.audible && !t.mutedInfo?.muted).map((t) => t.id!);
  if (!ids.length) return;
  for (const id of ids) await browser.tabs.update(id, { muted: true }).catch(() => {});
  const mine = await mutedByHarkItem.getValue();
  await mutedByHarkItem.setValue([...new Set([...mine, ...ids])]);
}

export async function muteAudibleTabs(): Promise<void> {
  await mute(await browser.tabs.query({ audible: true, muted: false }));
}

export async function restoreTabs(): Promise<void> {
  const mine = await mutedByHarkItem.getValue();
  if (!mine.length) return;
  for (const id of mine) {
    const tab = await browser.tabs.get(id).catch(() => null);
    const info = tab?.mutedInfo;
    if (info?.muted && info.reason === 'extension' && info.extensionId === browser.runtime.id) {
      await browser.tabs.update(id, { muted: false }).catch(() => {});
    }
  }
  await mutedByHarkItem.setValue([]);
}

async function onRecord(rec: SessionRecord | null): Promise<void> {
  clearTimeout(restoreTimer);
  if (speaking(rec)) {
    if (await enabled()) await muteAudibleTabs();
    return;
  }
  if (rec?.state.status === 'live') restoreTimer = setTimeout(() => queue(restoreTabs), RESTORE_DELAY_MS);
  else await restoreTabs();
}

export function startTabMuting(): void {
  sessionRecordItem.watch((rec) => queue(() => onRecord(rec)));
  // A tab that starts playing while the assistant talks is muted too.
  browser.tabs.onUpdated.addListener((_id, change, tab) => {
    if (change.audible !== true) return;
    queue(async () => {
      if (speaking(await sessionRecordItem.getValue()) && (await enabled())) await mute([tab]);
    });
  });
  // Turning the option off while tabs are muted gives their sound back.
  settingsItem.watch((s) => {
    if (!withDefaults(s).muteOtherTabs) queue(restoreTabs);
  });
}
