/**
 * What the assistant is doing right now (a response generating, audio playing), and how much of
 * an interrupted reply was actually heard.
 *
 * On WebRTC the reply's text streams well ahead of its audio, and the server does not say where
 * playback stopped. Hark estimates it: time played (`output_audio_buffer.started` → `cleared`)
 * × the voice's speaking rate, which is calibrated on every reply that played to the end
 * (`started` → `stopped`), and snapped back to a word boundary.
 */
import type { ServerEvent } from '../realtime/protocol';
import type { Transcript } from './reduce';

/** About 150 words a minute; replaced by the measured rate after the first full reply. */
export const DEFAULT_CHARS_PER_SECOND = 14;
/** Replies shorter than this say little about the speaking rate. */
const MIN_CALIBRATION_MS = 800;
const MIN_CALIBRATION_CHARS = 12;

export interface Heard {
  id: string;
  heard: number;
}

/** Largest word boundary at or before `n` (the whole text when `n` reaches its end). */
export function snapToWord(text: string, n: number): number {
  if (n >= text.length) return text.length;
  if (n <= 0) return 0;
  const cut = text.lastIndexOf(' ', n);
  return cut < 0 ? 0 : cut + 1;
}

export class Playback {
  /** The response being generated, if any (`response.cancel` is only valid then). */
  responseId: string | null = null;
  /** The response whose audio is playing, if any (`output_audio_buffer.clear` stops it). */
  playingId: string | null = null;
  charsPerSecond = DEFAULT_CHARS_PER_SECOND;
  private startedAt = new Map<string, number>();
  private calibrated = false;

  /** A new conversation (the voice may differ): forget everything. */
  reset(): void {
    this.responseId = null;
    this.playingId = null;
    this.charsPerSecond = DEFAULT_CHARS_PER_SECOND;
    this.calibrated = false;
    this.startedAt.clear();
  }

  get active(): boolean {
    return this.responseId != null || this.playingId != null;
  }

  /** Feeds one server event; returns the heard estimates for replies it interrupted. */
  observe(e: ServerEvent, now: number, t: Transcript): Heard[] {
    switch (e.type) {
      case 'response.created':
        this.responseId = e.response.id ?? null;
        return [];
      case 'response.done': {
        if (this.responseId === e.response.id) this.responseId = null;
        // Cancelled before any audio played: none of it was heard.
        if (e.response.status !== 'cancelled' || !e.response.id || this.startedAt.has(e.response.id)) return [];
        return this.estimate(t, e.response.id, 0);
      }
      case 'output_audio_buffer.started': {
        const rid = e.response_id ?? null;
        if (rid) this.startedAt.set(rid, now);
        this.playingId = rid;
        return [];
      }
      case 'output_audio_buffer.stopped': {
        const rid = e.response_id ?? null;
        if (this.playingId === rid) this.playingId = null;
        const at = rid ? this.startedAt.get(rid) : undefined;
        if (rid && at != null) this.calibrate(t, rid, now - at);
        return [];
      }
      case 'output_audio_buffer.cleared': {
        const rid = e.response_id ?? null;
        if (this.playingId === rid) this.playingId = null;
        const at = rid ? this.startedAt.get(rid) : undefined;
        return rid ? this.estimate(t, rid, at == null ? 0 : now - at) : [];
      }
    }
    return [];
  }

  private idsOf(t: Transcript, rid: string): string[] {
    return t.order.filter((id) => t.byId[id]!.responseId === rid);
  }

  private estimate(t: Transcript, rid: string, playedMs: number): Heard[] {
    const chars = Math.floor((playedMs / 1000) * this.charsPerSecond);
    return this.idsOf(t, rid).map((id) => ({ id, heard: snapToWord(t.byId[id]!.text, chars) }));
  }

  /** A reply that played to the end tells how fast this voice speaks. */
  private calibrate(t: Transcript, rid: string, playedMs: number): void {
    const chars = this.idsOf(t, rid).reduce((n, id) => n + t.byId[id]!.text.length, 0);
    if (playedMs < MIN_CALIBRATION_MS || chars < MIN_CALIBRATION_CHARS) return;
    const rate = chars / (playedMs / 1000);
    // Smooth over replies; the first measurement replaces the default outright.
    this.charsPerSecond = this.calibrated ? 0.7 * this.charsPerSecond + 0.3 * rate : rate;
    this.calibrated = true;
  }
}
