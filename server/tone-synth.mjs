// @ts-check
/**
 * Stand-in "speech" for replies: one tone burst per word, so the audio is clearly not silent,
 * lasts about as long as speaking the words would, and changes pitch from word to word like a
 * voice. Deterministic: the same text always gives the same samples.
 */
import { SAMPLE_RATE } from './opus-codec.mjs';

/** Audio per word; 180 ms ≈ 330 words per minute, a brisk speaking rate. */
export const DEFAULT_WORD_MS = 180;
const GAP_MS = 40;
const RAMP_MS = 8;
const AMPLITUDE = 0.3 * 32767;

/** @param {string} word a small deterministic pitch offset per word */
function pitchFor(word) {
  let h = 0;
  for (const ch of word) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 997;
  return 150 + (h % 120);
}

/**
 * @param {string[]} words
 * @param {number} [wordMs] audio per word including the gap after it
 * @returns {Int16Array} mono samples at 48 kHz
 */
export function synthesizeWords(words, wordMs = DEFAULT_WORD_MS) {
  const perWord = Math.round((SAMPLE_RATE * wordMs) / 1000);
  const gap = Math.min(Math.round((SAMPLE_RATE * GAP_MS) / 1000), Math.floor(perWord / 3));
  const toneLen = perWord - gap;
  const ramp = Math.min(Math.round((SAMPLE_RATE * RAMP_MS) / 1000), Math.floor(toneLen / 2));
  const out = new Int16Array(perWord * words.length);
  words.forEach((word, w) => {
    const f0 = pitchFor(word.trim());
    const base = w * perWord;
    for (let i = 0; i < toneLen; i++) {
      const t = i / SAMPLE_RATE;
      // A slight downward glide and three harmonics make it sound more like a vowel than a beep.
      const f = f0 * (1 - (0.08 * i) / toneLen);
      const phase = 2 * Math.PI * f * t;
      const v = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
      const env = Math.min(1, i / ramp, (toneLen - i) / ramp);
      out[base + i] = Math.round((AMPLITUDE * env * v) / 1.75);
    }
  });
  return out;
}
