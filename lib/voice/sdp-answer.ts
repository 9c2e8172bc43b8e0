/**
 * What the Realtime server's answer to an SDP offer means (entrypoints/offscreen/call.ts sends the
 * offer): the answer SDP, or a classified error. Pure, so each refusal is testable without WebRTC.
 */
import { classifyCallError, sessionError, type SessionError } from '../errors';
import { t } from '../i18n';
import { checkLocation } from '../secret-origin';

/** The HTTP response to the offer, as entrypoints/offscreen/signalling.ts reads it. */
export interface SdpAnswer {
  ok: boolean;
  status: number;
  body: string;
  location: string | null;
  retryAfter: string | null;
}

/**
 * `callUrl`: where the call is hung up (the answer's Location, on the calls URL's own origin), or
 * null when there is none to hang up. It comes with an error too: a call the server created but
 * answered with junk must still be hung up.
 */
export type AnswerReading = { ok: true; sdp: string; callUrl: string | null } | { ok: false; error: SessionError; callUrl: string | null };

export function readAnswer(res: SdpAnswer, callsUrl: string): AnswerReading {
  if (!res.ok) return { ok: false, error: classifyCallError(res.status, res.body, res.retryAfter), callUrl: null };
  // The hangup carries the ephemeral key: only to the calls URL's own origin.
  const callUrl = res.location ? checkLocation(res.location, callsUrl) : null;
  if (res.location && !callUrl) return { ok: false, error: sessionError('protocol', t('rtc.redirected')), callUrl: null };
  if (!res.body.startsWith('v=')) return { ok: false, error: sessionError('protocol', t('rtc.noSdp')), callUrl };
  return { ok: true, sdp: res.body, callUrl };
}
