/**
 * High-rate, view-only data from the offscreen document to open side panels: audio levels,
 * connection quality, cost. It goes over a BroadcastChannel (same extension origin), not
 * `runtime.sendMessage`, so ten updates a second never wake or keep alive the service worker.
 */
import type { Usage } from '../cost';
import type { TurnMode } from '../settings';

export const TELEMETRY_CHANNEL = 'hark:telemetry';
/** The other way: a side panel on screen says it is showing the telemetry (lib/voice/stats-cadence.ts). */
export const TELEMETRY_WATCH_CHANNEL = 'hark:telemetry-watch';

export interface Telemetry {
  /** The connection attempt these numbers belong to. */
  attempt: number;
  /** 0–1, perceptual (see `meterLevel`). */
  inputLevel: number;
  outputLevel: number;
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  usage: Usage;
  /** 0 = no cap. */
  capUsd: number;
  turnMode: TurnMode;
  /** Push-to-talk is held. */
  talking: boolean;
  /** A reply is being generated or played (Interrupt has something to stop). */
  replying: boolean;
}
