// @ts-check
/**
 * Identifier formats of the real Realtime API (protocol doc §10): `event_` + 21 base62 characters,
 * the same shape for `sess_`, `conv_`, `resp_`, `item_`; call ids and ephemeral keys are hex.
 * Clients should treat ids as opaque, but matching the shapes keeps log output and any
 * prefix checks (agents-js refuses non-`ek_` keys in browsers) honest.
 */
import { randomBytes, randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** @param {number} length */
export function base62(length) {
  let s = '';
  for (let i = 0; i < length; i++) s += BASE62[randomInt(62)];
  return s;
}

/** @param {number} bytes */
const hex = (bytes) => randomBytes(bytes).toString('hex');

export const eventId = () => `event_${base62(21)}`;
export const sessionId = () => `sess_${base62(21)}`;
export const conversationId = () => `conv_${base62(21)}`;
export const responseId = () => `resp_${base62(21)}`;
export const itemId = () => `item_${base62(21)}`;
export const callId = () => `rtc_${hex(16)}`;
/** A function call's `call_id` (not a WebRTC call). */
export const functionCallId = () => `call_${base62(24)}`;
export const ephemeralKey = () => `ek_${hex(16)}`;
export const requestId = () => `req_${hex(16)}`;

/**
 * The real API pads streamed deltas with a random `obfuscation` string so that encrypted
 * frame sizes do not leak the text (protocol doc §5.4). Delta + padding ≈ 16 characters.
 * @param {string} delta
 */
export const obfuscation = (delta) => base62(Math.max(1, 16 - delta.length));
