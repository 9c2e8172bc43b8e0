/**
 * The document's one stats cadence (lib/voice/stats-cadence.ts): telemetry and the liveness watch
 * read `getStats()` by it; it knows whether a side panel on screen says it is watching.
 */
import { TELEMETRY_WATCH_CHANNEL } from '@/lib/protocol/telemetry';
import { StatsCadence } from '@/lib/voice/stats-cadence';

export const statsCadence = new StatsCadence();

// Same-origin only (a BroadcastChannel): only Hark's own pages can speed the reads up, and the
// message carries nothing to trust.
new BroadcastChannel(TELEMETRY_WATCH_CHANNEL).onmessage = () => statsCadence.watched(performance.now());
