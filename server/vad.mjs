// @ts-check
/**
 * Energy voice-activity detection standing in for the real API's server_vad.
 *
 * THE RULE (all times are audio time in ms, counted from the first RTP packet of the call):
 * - Each decoded frame (normally 20 ms) is "voiced" when its RMS level, in dBFS, is at least
 *   `thresholdDbfs(threshold)` = -70 + 50 × threshold. The default threshold 0.5 → -45 dBFS;
 *   0.9 → -25 dBFS; 0.1 → -65 dBFS. Digital silence and Opus comfort noise are far below -70;
 *   normal speech (e.g. an espeak-ng WAV) sits around -30…-15 dBFS.
 * - Speech STARTS when at least 60 ms of the last 100 ms are voiced. That ignores clicks and
 *   Chrome's fake-device beeps (20 ms every 500 ms) but reacts to a syllable.
 *   `audio_start_ms` = start of the first voiced frame of that window − `prefix_padding_ms`
 *   (the real API also includes the padding), never before the current buffer's start.
 * - Speech STOPS once `silence_duration_ms` of audio has passed without a voiced frame.
 *   `audio_end_ms` = end of the last voiced frame + `silence_duration_ms` (again as the real
 *   API reports it: the silence is part of the committed audio).
 * - The spoken length reported to transcripts is end of last voiced frame − start of first voiced
 *   frame (no padding, no trailing silence).
 * semantic_vad has no semantic model here; it uses threshold 0.5 and a silence time from its
 * eagerness (high 300 ms, medium/auto 500 ms, low 1000 ms).
 */

/** @typedef {{ startMs: number, durationMs: number, rms: number }} Frame  rms in 0..1 of full scale */
/** @typedef {{ threshold: number, prefixPaddingMs: number, silenceDurationMs: number }} VadConfig */
/**
 * @typedef {{ type: 'start', audioStartMs: number, firstVoicedMs: number }
 *   | { type: 'stop', audioEndMs: number, firstVoicedMs: number, lastVoicedEndMs: number }} VadEvent
 */

const START_WINDOW_MS = 100;
const START_VOICED_MS = 60;

/** @param {number} threshold 0..1 as in `turn_detection.threshold` */
export const thresholdDbfs = (threshold) => -70 + 50 * threshold;

/** @param {number} rms 0..1 of full scale */
export const toDbfs = (rms) => (rms > 0 ? 20 * Math.log10(rms) : -Infinity);

/**
 * Maps a session `turn_detection` object onto the VAD's numbers (null when turn detection is off).
 * @param {Record<string, any> | null | undefined} td
 * @returns {VadConfig | null}
 */
export function vadConfigFrom(td) {
  if (!td) return null;
  if (td.type === 'semantic_vad') {
    const silence = { high: 300, medium: 500, auto: 500, low: 1000 }[/** @type {string} */ (td.eagerness)] ?? 500;
    return { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: silence };
  }
  return {
    threshold: td.threshold ?? 0.5,
    prefixPaddingMs: td.prefix_padding_ms ?? 300,
    silenceDurationMs: td.silence_duration_ms ?? 500,
  };
}

export class EnergyVad {
  /** @param {VadConfig} config */
  constructor(config) {
    /** @type {VadConfig} */
    this.config = config;
    this.speaking = false;
    /** Frames of the last START_WINDOW_MS while not speaking. @type {{ startMs: number, durationMs: number, voiced: boolean }[]} */
    this.window = [];
    this.firstVoicedMs = 0;
    this.lastVoicedEndMs = 0;
    /** Audio before this point belongs to an earlier turn; padding may not reach back past it. */
    this.bufferStartMs = 0;
  }

  /** @param {VadConfig} config */
  setConfig(config) {
    this.config = config;
  }

  /** Forgets any speech in progress (buffer cleared/committed by the client). @param {number} atMs */
  reset(atMs) {
    this.speaking = false;
    this.window = [];
    this.bufferStartMs = atMs;
  }

  /** @param {Frame} frame */
  isVoiced(frame) {
    return toDbfs(frame.rms) >= thresholdDbfs(this.config.threshold);
  }

  /**
   * Feeds one frame; returns the start/stop event it causes, if any.
   * @param {Frame} frame @returns {VadEvent | null}
   */
  push(frame) {
    const voiced = this.isVoiced(frame);
    const endMs = frame.startMs + frame.durationMs;
    if (this.speaking) {
      if (voiced) this.lastVoicedEndMs = endMs;
      else if (endMs - this.lastVoicedEndMs >= this.config.silenceDurationMs) return this.stop(this.lastVoicedEndMs + this.config.silenceDurationMs);
      return null;
    }
    this.window.push({ startMs: frame.startMs, durationMs: frame.durationMs, voiced });
    this.window = this.window.filter((f) => f.startMs + f.durationMs > endMs - START_WINDOW_MS);
    const voicedMs = this.window.reduce((sum, f) => sum + (f.voiced ? f.durationMs : 0), 0);
    if (voicedMs < START_VOICED_MS) return null;
    const first = this.window.find((f) => f.voiced);
    this.speaking = true;
    this.firstVoicedMs = first ? first.startMs : frame.startMs;
    this.lastVoicedEndMs = endMs;
    this.window = [];
    const audioStartMs = Math.max(this.bufferStartMs, this.firstVoicedMs - this.config.prefixPaddingMs);
    return { type: 'start', audioStartMs: Math.round(audioStartMs), firstVoicedMs: this.firstVoicedMs };
  }

  /**
   * Ends the current speech now, e.g. because packets stopped arriving or the client committed.
   * @param {number} audioEndMs @returns {VadEvent | null}
   */
  stop(audioEndMs) {
    if (!this.speaking) return null;
    this.speaking = false;
    this.bufferStartMs = audioEndMs;
    return {
      type: 'stop',
      audioEndMs: Math.round(audioEndMs),
      firstVoicedMs: this.firstVoicedMs,
      lastVoicedEndMs: this.lastVoicedEndMs,
    };
  }
}
