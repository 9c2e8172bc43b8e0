/**
 * Where a server may route the WebRTC call (`calls_url`): origins the user confirmed, and the one
 * last refused. Not secret (trust in a server's routing), but only the service worker uses them.
 * Same pattern as storage.ts: `version: 1`, and the next shape change adds a migration.
 */
import { storage } from 'wxt/utils/storage';
import type { ConfirmedCalls } from '../secret-origin';

/** Calls origins the user allowed, per server origin. */
export const confirmedCallsItem = storage.defineItem<ConfirmedCalls>('local:confirmedCallsOrigins', { fallback: {}, version: 1 });

/** The last `calls_url` origin the worker refused, per server: the only one the user can confirm (`session:`, so a restarted worker still knows it). */
export const refusedCallsItem = storage.defineItem<Record<string, string>>('session:refusedCallsOrigin', { fallback: {}, version: 1 });
