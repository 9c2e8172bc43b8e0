/**
 * Streamed transcript updates from the offscreen document to open side panels. Like telemetry
 * (telemetry.ts) they go over a BroadcastChannel of Hark's own origin, not `runtime.sendMessage`:
 * a reply streams one update per transcript delta, and each `sendMessage` opened a channel to
 * every extension context (the worker included) through the browser process; the speaking case
 * of `bench/voice-cpu.mjs` spent that in the browser process and the extension renderer.
 * Only documents of Hark's origin can post to it (a content script runs in the page's origin).
 */
import type { Message } from '../transcript/reduce';

export const TRANSCRIPT_CHANNEL = 'hark:transcript';

export interface TranscriptUpdate {
  message: Message;
  /** Where a new message goes (lib/transcript/reduce.ts `placeId`). */
  afterId: string | null;
}
