/**
 * What the service worker keeps for the running session in `session:` storage, so a worker that
 * was stopped and restarted mid-session still knows it (gone with the browser, like the session).
 * Same pattern as storage.ts: `version: 1`, and the next shape change adds a migration.
 */
import { storage } from 'wxt/utils/storage';

/** Ids of the tabs Hark muted while the assistant spoke; restored when it stops. */
export const mutedByHarkItem = storage.defineItem<number[]>('session:mutedByHark', { fallback: [], version: 1 });

/**
 * What a token server put in front of Hark's instructions in the current session; later
 * `session.update`s keep it.
 */
export const serverPrefixItem = storage.defineItem<string>('session:serverInstructionsPrefix', { fallback: '', version: 1 });
