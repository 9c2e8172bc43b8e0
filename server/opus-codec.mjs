// @ts-check
/**
 * Opus encode/decode through opusscript (libopus compiled to WebAssembly; no native build).
 *
 * Why the V8 flag: with V8's wasm tier-up enabled, a Node 20 process that has run opusscript
 * for a few hundred milliseconds hangs at exit (0 % CPU, no active handles) waiting for
 * background TurboFan compile jobs; `node --no-wasm-tier-up` exits normally. Liftoff-only code
 * is fast enough here (≈1.5 ms to encode and ≈0.15 ms to decode a 20 ms frame). The flag only
 * affects wasm modules compiled afterwards, so it must be set before the first OpusScript is
 * created — which happens lazily, in this module.
 */
import { setFlagsFromString } from 'node:v8';
import OpusScript from 'opusscript';

setFlagsFromString('--no-wasm-tier-up');

export const SAMPLE_RATE = 48000;
/** 20 ms at 48 kHz: the frame size WebRTC uses for Opus. */
export const FRAME_SAMPLES = 960;
const OPUS_SET_COMPLEXITY = 4010;

/** Decodes Opus packets to mono 16-bit PCM at 48 kHz. */
export class OpusDecoder {
  constructor() {
    // Two channels: "opus/48000/2" streams may carry stereo; we downmix.
    this.opus = new OpusScript(SAMPLE_RATE, 2, OpusScript.Application.AUDIO);
  }

  /** @param {Buffer} packet @returns {Int16Array} mono samples */
  decode(packet) {
    const stereo = this.opus.decode(packet);
    const frames = stereo.length / 4;
    const mono = new Int16Array(frames);
    for (let i = 0; i < frames; i++) mono[i] = (stereo.readInt16LE(i * 4) + stereo.readInt16LE(i * 4 + 2)) >> 1;
    return mono;
  }

  close() {
    this.opus.delete();
  }
}

/** Encodes 20 ms frames of mono 16-bit PCM at 48 kHz. */
export class OpusEncoder {
  constructor() {
    this.opus = new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.AUDIO);
    this.opus.setBitrate(32000);
    this.opus.encoderCTL(OPUS_SET_COMPLEXITY, 5);
  }

  /** @param {Int16Array} frame exactly FRAME_SAMPLES samples @returns {Buffer} */
  encode(frame) {
    // opusscript wants the little-endian bytes of the samples in a Buffer.
    return this.opus.encode(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), FRAME_SAMPLES);
  }

  close() {
    this.opus.delete();
  }
}

/** RMS of 16-bit samples as a fraction of full scale (0..1). @param {Int16Array} samples */
export function rms(samples) {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / samples.length) / 32768;
}
