// @ts-check
/**
 * Plays synthesized PCM to the client as Opus RTP through werift, paced in real time.
 *
 * Frames are encoded one at a time as they fall due (every 20 ms of wall-clock time), so a
 * cancel or `output_audio_buffer.clear` stops the sound within one frame and nothing is
 * buffered on our side. The RTP stream is continuous across responses: sequence numbers keep
 * counting, the timestamp advances by the wall-clock gap between bursts, and the first packet
 * of each burst carries the marker bit (start of a talkspurt, RFC 3551 §4.1).
 */
import { RtpHeader, RtpPacket } from 'werift';
import { FRAME_SAMPLES, OpusEncoder } from './opus-codec.mjs';
import { randomInt } from 'node:crypto';

const FRAME_MS = 20;
/** Never send more than this many late frames in one go (after an event-loop stall). */
const MAX_CATCH_UP = 5;

/** @typedef {import('werift').MediaStreamTrack} MediaStreamTrack */

export class AudioPlayer {
  /**
   * @param {{
   *   stats: { packets: number, bytes: number, playing: boolean },
   *   track: () => MediaStreamTrack | null | undefined,
   *   payloadType: () => number,
   *   ssrc: () => number,
   *   onStarted: (responseId: string) => void,
   *   onStopped: (responseId: string) => void,
   *   onError?: (err: unknown) => void,
   * }} opts
   */
  constructor(opts) {
    this.opts = opts;
    /** @type {OpusEncoder | null} */
    this.encoder = null;
    this.sequence = randomInt(0x10000);
    this.timestamp = randomInt(0x100000000);
    /** @type {number | null} wall-clock time of the last frame sent */
    this.lastFrameAt = null;
    /** @type {{ pcm: Int16Array, responseId: string, startedAt: number, sent: number, total: number } | null} */
    this.current = null;
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    /** Counters shared with the call's inspectable state. */
    this.stats = opts.stats;
    this.closed = false;
  }

  get playing() {
    return this.current !== null;
  }

  get responseId() {
    return this.current?.responseId ?? null;
  }

  /** Milliseconds of the current burst already sent. */
  get playedMs() {
    return this.current ? this.current.sent * FRAME_MS : 0;
  }

  /**
   * Starts playing; calls onStarted synchronously (the first frame goes out immediately).
   * Stops whatever was playing before without reporting it.
   * @param {Int16Array} pcm mono 48 kHz @param {string} responseId
   */
  play(pcm, responseId) {
    if (this.closed) return;
    this.stop();
    const total = Math.ceil(pcm.length / FRAME_SAMPLES);
    if (total === 0) return;
    const now = performance.now();
    // Advance the RTP clock across the silent gap so the receiver's jitter buffer sees real time.
    if (this.lastFrameAt !== null) {
      const gapFrames = Math.max(1, Math.round((now - this.lastFrameAt) / FRAME_MS));
      this.timestamp = (this.timestamp + (gapFrames - 1) * FRAME_SAMPLES) >>> 0;
    }
    this.current = { pcm, responseId, startedAt: now, sent: 0, total };
    this.stats.playing = true;
    this.opts.onStarted(responseId);
    this.pump();
  }

  /** Stops the current burst without reporting `stopped`. @returns {string | null} its response id */
  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const id = this.current?.responseId ?? null;
    this.current = null;
    this.stats.playing = false;
    return id;
  }

  close() {
    this.stop();
    this.closed = true;
    this.encoder?.close();
    this.encoder = null;
  }

  /** Sends every frame that is due, then sleeps until the next one. */
  pump() {
    this.timer = null;
    const cur = this.current;
    if (!cur || this.closed) return;
    try {
      const due = Math.floor((performance.now() - cur.startedAt) / FRAME_MS) + 1;
      let budget = MAX_CATCH_UP;
      while (cur.sent < Math.min(due, cur.total) && budget-- > 0) this.sendFrame(cur);
      if (cur.sent >= cur.total) {
        this.current = null;
        this.stats.playing = false;
        this.opts.onStopped(cur.responseId);
        return;
      }
      const nextAt = cur.startedAt + cur.sent * FRAME_MS;
      this.timer = setTimeout(() => this.pump(), Math.max(0, nextAt - performance.now()));
    } catch (err) {
      // Never let a codec or transport failure escape a timer: report it and go quiet.
      this.current = null;
      this.stats.playing = false;
      this.opts.onError?.(err);
    }
  }

  /** @param {{ pcm: Int16Array, sent: number }} cur */
  sendFrame(cur) {
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(cur.pcm.subarray(cur.sent * FRAME_SAMPLES, (cur.sent + 1) * FRAME_SAMPLES));
    const track = this.opts.track();
    if (track && !track.stopped) {
      this.encoder ??= new OpusEncoder();
      const payload = this.encoder.encode(frame);
      const header = new RtpHeader({
        payloadType: this.opts.payloadType(),
        sequenceNumber: this.sequence,
        timestamp: this.timestamp,
        ssrc: this.opts.ssrc(),
        marker: cur.sent === 0,
      });
      track.writeRtp(new RtpPacket(header, payload));
      this.stats.packets++;
      this.stats.bytes += payload.length;
    }
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
    this.lastFrameAt = performance.now();
    cur.sent++;
  }
}
