/**
 * The call's HTTP side: the SDP offer out, the answer back (lib/voice/sdp-answer.ts reads it), and
 * the hangup. Closing a connected peer connection is the documented hang-up (docs/realtime-events.md);
 * the request here matters for a call closed mid-handshake, which would otherwise stay open on the
 * server until its own timeout.
 */
import type { ConnectRequest } from '@/lib/protocol/messages';
import { callsUrlRefusal } from '@/lib/secret-origin';
import { sessionError, unreachableError, type SessionError } from '@/lib/errors';
import { readAnswer } from '@/lib/voice/sdp-answer';
import { t } from '@/lib/i18n';
import { answerSdp, hangUp } from './signalling';

/** The answer SDP, or why there is none; null: the link closed meanwhile (and the call was hung up). */
export type Exchanged = { ok: true; sdp: string } | { ok: false; error: SessionError } | null;

export class Call {
  /** The offer in flight: a close waits for it, to hang up what it created. Null until one is sent. */
  private offer: Promise<unknown> | null = null;
  private url: string | null = null;
  private hungUp = false;

  constructor(private readonly req: ConnectRequest) {}

  /** `closed` is asked once the answer is in: a call created for a closed link is hung up at once. */
  async exchange(sdp: string, closed: () => boolean): Promise<Exchanged> {
    // Defence in depth (the worker checked it): the ephemeral key goes only to an origin the worker
    // allowed, never over plain http off this computer, and never on along a redirect.
    const refused = callsUrlRefusal(this.req.callsUrl, this.req.trustedOrigins);
    if (refused) return { ok: false, error: sessionError('protocol', refused) };
    const request = answerSdp(this.req.callsUrl, this.req.ephemeralKey, sdp);
    this.offer = request.catch(() => {});
    const res = await request.catch(() => null);
    if (!res) return { ok: false, error: unreachableError(this.req.callsUrl, t('rtc.unreachable')) };
    const reading = readAnswer(res, this.req.callsUrl);
    this.url = reading.callUrl;
    // Closed while the offer was on its way: the server created a call nobody will use.
    if (closed()) {
      this.hangUp();
      return null;
    }
    return reading.ok ? { ok: true, sdp: reading.sdp } : { ok: false, error: reading.error };
  }

  /** Waits for an offer still on its way (at most `maxWaitMs`), so that the call it creates is hung up. */
  async settle(maxWaitMs: number): Promise<void> {
    if (!this.offer || this.url) return;
    await Promise.race([this.offer.then(() => new Promise((r) => setTimeout(r, 0))), new Promise((r) => setTimeout(r, maxWaitMs))]);
  }

  /** Tells the server the call is over (once; nothing to do before the answer named the call). */
  hangUp(): void {
    if (!this.url || this.hungUp) return;
    this.hungUp = true;
    hangUp(this.url, this.req.ephemeralKey);
  }
}
