/** The two HTTP requests of a WebRTC call to the Realtime API: the SDP offer and the hangup. */
import type { SdpAnswer } from '@/lib/voice/sdp-answer';

/** POSTs the offer; rejects only when the server cannot be reached. Never follows a redirect (it carries the key). */
export async function answerSdp(callsUrl: string, ephemeralKey: string, sdp: string): Promise<SdpAnswer> {
  const res = await fetch(callsUrl, {
    method: 'POST',
    redirect: 'error',
    body: sdp,
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${ephemeralKey}` },
  });
  const body = await res.text().catch(() => '');
  return { ok: res.ok, status: res.status, body, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after') };
}

/** `keepalive`: the document may be closed right after. A server that is gone has nothing to hang up. */
export function hangUp(callUrl: string, ephemeralKey: string): void {
  fetch(`${callUrl}/hangup`, { method: 'POST', keepalive: true, redirect: 'error', headers: { Authorization: `Bearer ${ephemeralKey}` } }).catch(() => {});
}
