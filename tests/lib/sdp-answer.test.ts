import { describe, expect, it } from 'vitest';
import { readAnswer, type SdpAnswer } from '@/lib/voice/sdp-answer';
import { t } from '@/lib/i18n';

const CALLS = 'https://api.openai.com/v1/realtime/calls';
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n';
const answer = (over: Partial<SdpAnswer> = {}): SdpAnswer => ({ ok: true, status: 201, body: SDP, location: null, retryAfter: null, ...over });

describe('reading the answer to an SDP offer', () => {
  it('takes the SDP and the hangup address on the calls URL origin', () => {
    expect(readAnswer(answer({ location: '/v1/realtime/calls/rtc_1' }), CALLS)).toEqual({
      ok: true,
      sdp: SDP,
      callUrl: 'https://api.openai.com/v1/realtime/calls/rtc_1',
    });
    expect(readAnswer(answer(), CALLS)).toEqual({ ok: true, sdp: SDP, callUrl: null });
  });

  it('classifies a refused offer, with nothing to hang up', () => {
    const r = readAnswer(answer({ ok: false, status: 429, body: '{}', retryAfter: '7' }), CALLS);
    expect(r.ok).toBe(false);
    expect(r.callUrl).toBeNull();
    if (!r.ok) expect(r.error).toMatchObject({ reason: 'rate-limited', retryAfterMs: 7000 });
  });

  it('refuses a hangup address on another origin: the hangup would carry the key there', () => {
    const r = readAnswer(answer({ location: 'https://evil.example/calls/rtc_1' }), CALLS);
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ reason: 'protocol', message: t('rtc.redirected') }), callUrl: null });
  });

  it('refuses a body that is not SDP, yet keeps the address so the created call is hung up', () => {
    const r = readAnswer(answer({ body: '<html>proxy error</html>', location: '/v1/realtime/calls/rtc_2' }), CALLS);
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ reason: 'protocol', message: t('rtc.noSdp') }),
      callUrl: 'https://api.openai.com/v1/realtime/calls/rtc_2',
    });
  });
});
