// @ts-check
/**
 * Turns the client's Opus RTP into level frames for the VAD, on an audio clock.
 *
 * Audio time starts at 0 with the first packet and follows the RTP timestamps (48 kHz for
 * Opus), not the wall clock, so `audio_start_ms`/`audio_end_ms` describe the audio itself and
 * do not drift with network jitter; lost packets leave gaps in time instead of shifting it.
 * Each decoded packet is cut into frames of at most 20 ms and its RMS level is measured.
 */
import { OpusDecoder, SAMPLE_RATE, rms } from './opus-codec.mjs';

const FRAME_SAMPLES = 960;

/** @typedef {import('./vad.mjs').Frame} Frame */

export class InboundAudio {
  /**
   * @param {{ payloadType: () => number | null, onFrame: (frame: Frame) => void }} opts
   */
  constructor(opts) {
    this.opts = opts;
    /** @type {OpusDecoder | null} */
    this.decoder = null;
    this.packets = 0;
    this.bytes = 0;
    this.decodeErrors = 0;
    this.ignoredPackets = 0;
    /** @type {number | null} */
    this.ssrc = null;
    /** @type {number | null} RTP timestamp of the previous packet */
    this.lastTimestamp = null;
    /** Audio time (ms) at the start of the previous packet. */
    this.lastStartMs = 0;
    /** Audio time (ms) at the end of the newest audio decoded so far. */
    this.audioMs = 0;
    /** Wall-clock time (performance.now()) of the newest packet. */
    this.lastPacketAt = 0;
  }

  /** @param {import('werift').RtpPacket} rtp */
  handleRtp(rtp) {
    this.packets++;
    this.bytes += rtp.payload.length;
    this.lastPacketAt = performance.now();
    const pt = this.opts.payloadType();
    if (pt !== null && rtp.header.payloadType !== pt) {
      this.ignoredPackets++;
      return;
    }
    const startMs = this.placePacket(rtp.header.ssrc, rtp.header.timestamp);
    let pcm;
    try {
      this.decoder ??= new OpusDecoder();
      pcm = this.decoder.decode(rtp.payload);
    } catch {
      // Garbage payloads are the client's problem; count them and keep listening.
      this.decodeErrors++;
      return;
    }
    for (let off = 0; off < pcm.length; off += FRAME_SAMPLES) {
      const chunk = pcm.subarray(off, Math.min(off + FRAME_SAMPLES, pcm.length));
      const frame = {
        startMs: startMs + (off * 1000) / SAMPLE_RATE,
        durationMs: (chunk.length * 1000) / SAMPLE_RATE,
        rms: rms(chunk),
      };
      this.audioMs = Math.max(this.audioMs, frame.startMs + frame.durationMs);
      this.opts.onFrame(frame);
    }
  }

  /**
   * Audio time of a packet from its RTP timestamp (wrap-safe; a new SSRC continues the clock).
   * @param {number} ssrc @param {number} timestamp @returns {number}
   */
  placePacket(ssrc, timestamp) {
    if (this.lastTimestamp === null || ssrc !== this.ssrc) {
      this.ssrc = ssrc;
      this.lastTimestamp = timestamp;
      this.lastStartMs = this.audioMs;
      return this.lastStartMs;
    }
    const delta = (timestamp - this.lastTimestamp) | 0; // signed 32-bit difference
    this.lastTimestamp = timestamp;
    this.lastStartMs = Math.max(0, this.lastStartMs + (delta * 1000) / SAMPLE_RATE);
    return this.lastStartMs;
  }

  close() {
    this.decoder?.close();
    this.decoder = null;
  }
}
