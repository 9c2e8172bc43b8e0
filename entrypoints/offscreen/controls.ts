/**
 * The live controls of a conversation: mute, push-to-talk, interrupt, turn mode and volume
 * (protocol doc §6D/§6E). The microphone sends audio only when it is not muted and, in manual
 * turn mode, only while push-to-talk is held.
 */
import type { ConnectRequest, Result } from '@/lib/protocol/messages';
import {
  inputAudioBufferClear,
  outputAudioBufferClear,
  responseCancel,
  turnDetectionUpdate,
} from '@/lib/realtime/protocol';
import { sessionError } from '@/lib/errors';
import type { TurnMode } from '@/lib/settings';
import type { Playback } from '@/lib/transcript/playback';
import type { Link } from '@/lib/voice/link';
import { PushToTalkTurns } from '@/lib/voice/push-to-talk';
import { systemClock, type VoiceClock } from '@/lib/voice/transport';
import { t } from '@/lib/i18n';

/** A shorter press is a slip, not a turn: the buffer is cleared and nothing is sent. */
export const MIN_TALK_MS = 250;

const notConnected = (): Result => ({ ok: false, error: sessionError('network', t('voice.notConnected')) });

export function turnModeOf(req: ConnectRequest): TurnMode {
  const td = req.session.audio?.input?.turn_detection;
  return td == null ? 'manual' : td.type === 'semantic_vad' ? 'semantic_vad' : 'server_vad';
}

export class Controls {
  mode: TurnMode = 'server_vad';
  muted = false;
  talking = false;
  private pressedAt = 0;
  /** The end of a push-to-talk turn: the mic tail, the commit, and a reply only to something said. */
  readonly turns: PushToTalkTurns;

  constructor(
    private readonly connection: () => Link | null,
    private readonly playback: Playback,
    private readonly audio: HTMLAudioElement,
    private readonly now: () => number = () => performance.now(),
    clock: VoiceClock = systemClock,
    nothingHeard: () => void = () => {},
  ) {
    this.turns = new PushToTalkTurns(clock, { link: connection, closeMic: () => this.applyMic(), nothingHeard });
  }

  /** A new connection: its turn mode comes from the session it was created with. */
  configure(req: ConnectRequest): void {
    this.mode = turnModeOf(req);
    this.talking = false;
    this.turns.reset();
    this.turns.transcribes = !!req.session.audio?.input?.transcription;
    // Every connection starts unmuted, as the session machine's `live` state says.
    this.muted = false;
    this.setVolume(req.prefs?.volume ?? 1);
    this.applyMic();
  }

  private applyMic(): void {
    this.connection()?.setMuted(this.muted || (this.mode === 'manual' && !this.talking && !this.turns.inTail));
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applyMic();
  }

  setVolume(volume: number): void {
    this.audio.volume = Math.max(0, Math.min(1, Number.isFinite(volume) ? volume : 1));
  }

  /** Stops the assistant: cancel generation if one is running, and clear what is queued to play. */
  interrupt(): Result {
    const conn = this.connection();
    if (!conn) return notConnected();
    if (this.playback.responseId) conn.send(responseCancel());
    if (this.playback.active) conn.send(outputAudioBufferClear());
    return { ok: true };
  }

  pushToTalk(pressed: boolean): Result {
    const conn = this.connection();
    if (!conn) return notConnected();
    if (pressed === this.talking) return { ok: true };
    if (pressed) {
      // Talking over the assistant stops it, as barge-in would.
      if (this.playback.active) this.interrupt();
      this.turns.press();
      conn.send(inputAudioBufferClear());
      this.talking = true;
      this.pressedAt = this.now();
      this.applyMic();
      return { ok: true };
    }
    this.talking = false;
    if (this.now() - this.pressedAt < MIN_TALK_MS) {
      this.applyMic();
      conn.send(inputAudioBufferClear());
      return { ok: true };
    }
    // The mic stays open for the tail; the commit and the reply follow (lib/voice/push-to-talk.ts).
    this.turns.release();
    return { ok: true };
  }

  setTurnMode(mode: TurnMode): Result {
    const conn = this.connection();
    if (!conn) return notConnected();
    if (!conn.send(turnDetectionUpdate(mode))) return notConnected();
    this.mode = mode;
    this.talking = false;
    this.turns.reset();
    this.applyMic();
    return { ok: true };
  }
}
