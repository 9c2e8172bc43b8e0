/** What the side panel shows of the page tools: confirmations waiting for the user, and what tools sent. */
import type { PendingConfirmation } from './confirm';
import type { SharedEntry } from './deps';

export interface ToolPanelState {
  pending: PendingConfirmation[];
  /** Newest last; bounded (SHARED_LOG_MAX). */
  shared: SharedEntry[];
}

export const SHARED_LOG_MAX = 50;

/** Appends to the log, keeping the newest entries; thumbnails only on the last few (they are large). */
export function appendShared(log: readonly SharedEntry[], entry: SharedEntry, keepThumbnails = 3): SharedEntry[] {
  const next = [...log, entry].slice(-SHARED_LOG_MAX);
  let thumbs = 0;
  for (let i = next.length - 1; i >= 0; i--) {
    const e = next[i]!;
    if (e.thumbnail && ++thumbs > keepThumbnails) next[i] = { ...e, thumbnail: undefined };
  }
  return next;
}
