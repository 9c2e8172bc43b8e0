/**
 * Plays a voice preview (lib/voice/preview.ts): one short WebRTC call without a microphone (a
 * receive-only audio transceiver), one `response.create` that reads a sample sentence, hung up
 * when the audio has played. The key is the worker's ephemeral one, sent only to a calls URL
 * whose origin the worker allowed; the SDP request never follows a redirect.
 */
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import { callsUrlRefusal } from '@/lib/secret-origin';
import { PREVIEW_TIMEOUT_MS, previewResponse, previewStep } from '@/lib/voice/preview';
import { classifyCallError } from '@/lib/errors';
import { parseServerEvent, type ServerEvent } from '@/lib/realtime/protocol';
import { t } from '@/lib/i18n';
import { answerSdp } from '../offscreen/signalling';

/** After the server's audio ended, what the jitter buffer holds still plays. */
const TAIL_MS = 300;

export type PreviewOutcome = { ok: true } | { ok: false; message: string };

/** The call in progress (one at a time); `stop()` ends it early. */
let current: { stop(): void } | null = null;

export function stopPreview(): void {
  current?.stop();
}

export async function playPreview(voice: string, sentence: string): Promise<PreviewOutcome> {
  stopPreview();
  const minted = await bg.sendMessage('bg:previewVoice', { voice });
  if (!minted.ok) return { ok: false, message: minted.error.message };
  const refusal = callsUrlRefusal(minted.callsUrl, minted.trustedOrigins);
  if (refusal) return { ok: false, message: refusal };

  const pc = new RTCPeerConnection();
  const audio = new Audio();
  let finish: (o: PreviewOutcome) => void = () => {};
  const outcome = new Promise<PreviewOutcome>((resolve) => (finish = resolve));
  const timer = setTimeout(() => finish({ ok: true }), PREVIEW_TIMEOUT_MS);
  const hangUp = () => {
    clearTimeout(timer);
    pc.close();
    audio.pause();
    audio.srcObject = null;
    audio.remove();
  };
  const call = { stop: () => finish({ ok: true }) };
  current = call;
  // In the document, hidden: the e2e test finds it there and checks it plays.
  audio.dataset.harkPreview = voice;
  audio.hidden = true;
  document.body.append(audio);
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    audio.play().catch(() => {});
  };
  const dc = pc.createDataChannel('oai-events');
  dc.onmessage = (m) => {
    // The same parser as the conversation: a hostile or broken frame is a typed variant, never a throw.
    const e = parseServerEvent(m.data);
    if (e.type === 'session.created') dc.send(JSON.stringify(previewResponse(sentence)));
    const step = previewStep(e);
    // The server stopped sending; what is in the jitter buffer still plays for a moment.
    if (step === 'done') setTimeout(() => finish({ ok: true }), TAIL_MS);
    else if (step === 'failed') finish({ ok: false, message: errorText(e) });
  };
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === 'failed') finish({ ok: false, message: t('options.voice.previewFailed') });
  };
  try {
    await pc.setLocalDescription(await pc.createOffer());
    const answer = await answerSdp(minted.callsUrl, minted.ephemeralKey, pc.localDescription?.sdp ?? '');
    if (!answer.ok) finish({ ok: false, message: classifyCallError(answer.status, answer.body, answer.retryAfter).message });
    else await pc.setRemoteDescription({ type: 'answer', sdp: answer.body });
  } catch (e) {
    console.warn('[hark] voice preview', e);
    finish({ ok: false, message: t('options.voice.previewFailed') });
  }
  const result = await outcome;
  hangUp();
  if (current === call) current = null;
  return result;
}

/** The server's `error` event carries its words in `error.message`. */
function errorText(e: ServerEvent): string {
  return e.type === 'error' && typeof e.error.message === 'string' ? e.error.message : t('options.voice.previewFailed');
}
