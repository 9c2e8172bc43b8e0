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
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-wasm-tier-up');

export const SAMPLE_RATE = 48000;
/** 20 ms at 48 kHz: the frame size WebRTC uses for Opus. */
export const FRAME_SAMPLES = 960;
const OPUS_SET_COMPLEXITY = 4010;

/*
 * opusscript keeps ONE WebAssembly instance for every decoder and encoder of the process. A
 * malformed packet — and some of Chromium 156's own (about 400 in a two-minute bench run with four
 * calls, ~2 % of their packets; why is not known yet) — can trip one of libopus's internal assertions ("Fatal (internal) error in
 * src/opus_decoder.c … Aborted()"); that instance is then dead for good, and every later decode or
 * encode — on every call the server holds — throws. So an abort loads a fresh instance (a new
 * copy of opusscript's module, whose closure makes its own), and each codec re-creates itself on
 * the next use: one hostile packet costs that packet, not the server's hearing.
 */
const require = createRequire(import.meta.url);
/** @returns {typeof import('opusscript')} */
function loadOpusScript() {
  delete require.cache[require.resolve('opusscript')];
  return require('opusscript');
}
let OpusScript = loadOpusScript();
/** Bumped when the instance died; a codec made under an older one makes itself anew. */
let generation = 0;

/** @param {unknown} e */
const instanceDied = (e) => e instanceof WebAssembly.RuntimeError || /Abort/.test(String(e));

function renew() {
  OpusScript = loadOpusScript();
  generation++;
}

/**
 * Runs `fn`; when the WebAssembly instance died in it, replaces the instance and rethrows.
 * @template T @param {() => T} fn @returns {T}
 */
function guarded(fn) {
  try {
    return fn();
  } catch (e) {
    if (instanceDied(e)) renew();
    throw e;
  }
}

/**
 * A codec handle on the live instance; once more on a fresh one if the live one is dead (garbage
 * decoded earlier can leave it broken without an abort, so that only the next allocation fails).
 * @param {number} channels
 */
function handle(channels) {
  const make = () => ({ generation, opus: new OpusScript(SAMPLE_RATE, channels, OpusScript.Application.AUDIO) });
  try {
    return make();
  } catch (e) {
    if (!instanceDied(e)) throw e;
    renew();
    return make();
  }
}

/** Decodes Opus packets to mono 16-bit PCM at 48 kHz. */
export class OpusDecoder {
  constructor() {
    // Two channels: "opus/48000/2" streams may carry stereo; we downmix.
    this.h = handle(2);
  }

  /** @param {Buffer} packet @returns {Int16Array} mono samples */
  decode(packet) {
    if (this.h.generation !== generation) this.h = handle(2);
    const opus = this.h.opus;
    const stereo = guarded(() => opus.decode(packet));
    const frames = stereo.length / 4;
    const mono = new Int16Array(frames);
    for (let i = 0; i < frames; i++) mono[i] = (stereo.readInt16LE(i * 4) + stereo.readInt16LE(i * 4 + 2)) >> 1;
    return mono;
  }

  close() {
    // A dead instance has nothing left to free.
    if (this.h.generation === generation) this.h.opus.delete();
  }
}

/** Encodes 20 ms frames of mono 16-bit PCM at 48 kHz. */
export class OpusEncoder {
  constructor() {
    this.h = this.make();
  }

  make() {
    const h = handle(1);
    h.opus.setBitrate(32000);
    h.opus.encoderCTL(OPUS_SET_COMPLEXITY, 5);
    return h;
  }

  /** @param {Int16Array} frame exactly FRAME_SAMPLES samples @returns {Buffer} */
  encode(frame) {
    if (this.h.generation !== generation) this.h = this.make();
    const opus = this.h.opus;
    // opusscript wants the little-endian bytes of the samples in a Buffer.
    return guarded(() => opus.encode(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), FRAME_SAMPLES));
  }

  close() {
    if (this.h.generation === generation) this.h.opus.delete();
  }
}

/** RMS of 16-bit samples as a fraction of full scale (0..1). @param {Int16Array} samples */
export function rms(samples) {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / samples.length) / 32768;
}
