/**
 * The offscreen document's conversation-UX layer: live controls, playback tracking (what an
 * interrupted reply got to say), telemetry and the cost cap. `main.ts` calls the hooks; the
 * side panel's control messages are answered here.
 */
import { backgroundMessenger, offscreenReceiver, ownExtension, type ConnectRequest } from '@/lib/protocol/messages';
import type { ServerEvent } from '@/lib/realtime/protocol';
import { addNotice, setHeard, type Transcript } from '@/lib/transcript/reduce';
import { Playback } from '@/lib/transcript/playback';
import { formatUsd, t } from '@/lib/i18n';
import { Controls } from './controls';
import { TelemetryLoop } from './telemetry';
import type { Link } from '@/lib/voice/link';
import { systemClock } from '@/lib/voice/transport';

export interface UxHost {
  audio: HTMLAudioElement;
  connection(): Link | null;
  peer(): RTCPeerConnection | null;
  transcript(): Transcript;
  setTranscript(next: Transcript, changed: string[]): void;
}

export function offscreenUx(host: UxHost) {
  const playback = new Playback();
  const notice = (id: string, text: string) => host.setTranscript(addNotice(host.transcript(), id, text, Date.now()), [id]);
  const controls = new Controls(host.connection, playback, host.audio, undefined, systemClock, () => notice(`ptt-empty-${Date.now()}`, t('ptt.nothingHeard')));
  const telemetry = new TelemetryLoop(host.peer, controls, playback, (usage, cap) => {
    const id = `cap-${Date.now()}`;
    host.setTranscript(addNotice(host.transcript(), id, t('cap.reached', { cap: formatUsd(cap) }), Date.now()), [id]);
    console.warn(`[hark] cost cap reached: ${usage.usd.toFixed(4)} USD ≥ ${cap}`);
    backgroundMessenger.sendMessage('bg:stop', undefined).catch((e) => console.warn('[hark] stop at cap', e));
  });

  const api = offscreenReceiver(ownExtension(chrome.runtime));
  api.onMessage('offscreen:interrupt', () => controls.interrupt());
  api.onMessage('offscreen:pushToTalk', ({ data }) => controls.pushToTalk(data.pressed));
  api.onMessage('offscreen:setTurnMode', ({ data }) => controls.setTurnMode(data.mode));
  api.onMessage('offscreen:setVolume', ({ data }) => controls.setVolume(data.volume));

  return {
    /** A connection was created (before its handshake). */
    connected(req: ConnectRequest): void {
      if (!req.resume) playback.reset();
      controls.configure(req);
      telemetry.start(req);
    },
    /** Every server event, after the transcript reducer saw it. */
    event(e: ServerEvent): void {
      const heard = playback.observe(e, performance.now(), host.transcript());
      if (heard.length) {
        let next = host.transcript();
        for (const h of heard) next = setHeard(next, h.id, h.heard);
        host.setTranscript(next, heard.map((h) => h.id));
      }
      controls.turns.observe(e);
      telemetry.onEvent(e);
    },
    setMuted(muted: boolean): void {
      controls.setMuted(muted);
    },
    /** A line in the transcript from the transport (a chosen device is missing). */
    notice,
    disconnected(): void {
      telemetry.stop();
    },
  };
}
