// @ts-check
/**
 * The user's side of a call: inbound audio → VAD → turns. A turn ends by voice activity, by a
 * manual commit (push-to-talk), or by the watchdog when packets stop arriving. A voice turn:
 *
 *   input_audio_buffer.speech_started (barge-in: the reply is cancelled, its audio cleared) →
 *   input_audio_buffer.speech_stopped → input_audio_buffer.committed →
 *   conversation.item.added → conversation.item.done (user item, transcript null) →
 *   [response.created …] → input_audio_transcription.delta ×N → …transcription.completed
 *
 * The transcription events (only when the session asks for transcription) wait for the
 * response to begin, as in the real API, but at most 250 ms.
 */
import { InboundAudio } from './audio-in.mjs';
import { itemId } from './ids.mjs';
import { defaultSpokenTranscript, wordDeltas } from './reply-text.mjs';
import { EnergyVad, vadConfigFrom } from './vad.mjs';

/** @typedef {Record<string, any>} Json */
/**
 * @typedef {{ callId: string, itemId: string, turn: number, durationMs: number,
 *   audioStartMs: number, audioEndMs: number }} TranscriptInfo
 */
/**
 * What the turns need from their call.
 * @typedef {{
 *   id: string,
 *   closed: boolean,
 *   session: Json,
 *   opts: { transcript?: (info: TranscriptInfo) => string, log: (line: string) => void },
 *   conversation: import('./conversation.mjs').Conversation,
 *   state: {
 *     rtp: { packets: number, bytes: number, decodeErrors: number, ignoredPackets: number, audioMs: number, payloadType: number | null },
 *     vad: { speaking: boolean },
 *     turns: { itemId: string, audioStartMs: number, audioEndMs: number, durationMs: number, transcript: string }[],
 *   },
 *   emit: (event: Json) => void,
 *   emitErrorEvent: (err: { code: string, message: string }, clientEventId: string | null) => void,
 *   setTimer: (fn: () => void, ms: number) => NodeJS.Timeout,
 *   opusPayloadType: () => number | null,
 *   interrupt: () => void,
 *   respondToTurn: () => void,
 * }} TurnHost
 */

/** Transcription events wait for the next response.created, but not longer than this. */
const TRANSCRIPTION_FLUSH_MS = 250;
/** A manual commit needs this much audio (speech or not), as the real API does. */
const MIN_COMMIT_AUDIO_MS = 100;
const WATCHDOG_MS = 100;

export class UserTurns {
  /** @param {TurnHost} host */
  constructor(host) {
    this.host = host;
    /** @type {{ itemId: string, text: string, durationMs: number, failure: Json | null }[]} */
    this.pendingTranscriptions = [];
    /** Errors the next turns' transcriptions fail with (`/_control/transcription-failure`). @type {Json[]} */
    this.transcriptionFailures = [];
    /** @type {{ itemId: string, audioStartMs: number } | null} the user item announced by speech_started */
    this.speech = null;
    /** Voiced audio since the last commit/clear, for manual (push-to-talk) commits. */
    this.inputBuffer = { startMs: 0, voicedMs: 0, firstVoicedMs: /** @type {number | null} */ (null), lastVoicedEndMs: 0 };
    this.watchdogStarted = false;
    const vadConfig = vadConfigFrom(this.turnDetection) ?? vadConfigFrom({ type: 'server_vad' });
    this.vad = new EnergyVad(/** @type {import('./vad.mjs').VadConfig} */ (vadConfig));
    this.inbound = new InboundAudio({
      payloadType: () => host.opusPayloadType(),
      onFrame: (frame) => this.onFrame(frame),
    });
  }

  get turnDetection() {
    return this.host.session.audio?.input?.turn_detection ?? null;
  }

  /** The session changed: follow its turn detection. */
  sessionChanged() {
    const config = vadConfigFrom(this.turnDetection);
    if (config) this.vad.setConfig(config);
    else if (this.speech) {
      // Turn detection switched off mid-speech: drop the half turn, as the buffer now waits for a commit.
      this.speech = null;
      this.host.state.vad.speaking = false;
      this.vad.reset(this.inbound.audioMs);
    }
  }

  /** @param {import('werift').RtpPacket} rtp */
  onRtp(rtp) {
    if (this.host.closed) return;
    this.inbound.handleRtp(rtp);
    const r = this.host.state.rtp;
    r.packets = this.inbound.packets;
    r.bytes = this.inbound.bytes;
    r.decodeErrors = this.inbound.decodeErrors;
    r.ignoredPackets = this.inbound.ignoredPackets;
    r.audioMs = Math.round(this.inbound.audioMs);
    r.payloadType = this.host.opusPayloadType();
  }

  /** @param {import('./vad.mjs').Frame} frame */
  onFrame(frame) {
    const buf = this.inputBuffer;
    if (this.vad.isVoiced(frame)) {
      buf.voicedMs += frame.durationMs;
      buf.firstVoicedMs ??= frame.startMs;
      buf.lastVoicedEndMs = frame.startMs + frame.durationMs;
    }
    if (!this.turnDetection) return;
    const ev = this.vad.push(frame);
    if (ev?.type === 'start') this.speechStarted(ev.audioStartMs);
    else if (ev?.type === 'stop') this.speechStopped(ev);
  }

  /** @param {number} audioStartMs */
  speechStarted(audioStartMs) {
    const id = itemId();
    this.speech = { itemId: id, audioStartMs };
    this.host.state.vad.speaking = true;
    this.host.emit({ type: 'input_audio_buffer.speech_started', audio_start_ms: audioStartMs, item_id: id });
    if (this.turnDetection?.interrupt_response !== false) this.host.interrupt();
  }

  /** @param {Extract<import('./vad.mjs').VadEvent, { type: 'stop' }>} ev @param {boolean} [announce] */
  speechStopped(ev, announce = true) {
    const speech = this.speech;
    this.speech = null;
    this.host.state.vad.speaking = false;
    if (!speech) return;
    if (announce) {
      this.host.emit({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: ev.audioEndMs, item_id: speech.itemId });
    }
    this.commitUserAudio({
      itemId: speech.itemId,
      audioStartMs: speech.audioStartMs,
      audioEndMs: ev.audioEndMs,
      durationMs: ev.lastVoicedEndMs - ev.firstVoicedMs,
      createResponse: announce && this.turnDetection?.create_response !== false,
    });
  }

  /**
   * Turns the buffered speech into a user item (committed → item added/done), queues its
   * transcription, and asks for a response if the turn detector should.
   * @param {{ itemId: string, audioStartMs: number, audioEndMs: number, durationMs: number, createResponse: boolean, voiced?: boolean }} turn
   */
  commitUserAudio(turn) {
    const { host } = this;
    const previous = host.conversation.lastItemId;
    host.emit({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: turn.itemId });
    const item = { id: turn.itemId, type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] };
    host.conversation.add(item);
    const durationMs = Math.max(0, Math.round(turn.durationMs));
    const info = {
      callId: host.id,
      itemId: turn.itemId,
      turn: host.state.turns.length + 1,
      durationMs,
      audioStartMs: turn.audioStartMs,
      audioEndMs: turn.audioEndMs,
    };
    // A buffer without a voiced frame (a silent push-to-talk press) transcribes to nothing.
    let text = turn.voiced === false ? '' : defaultSpokenTranscript(durationMs);
    try {
      if (host.opts.transcript && turn.voiced !== false) text = String(host.opts.transcript(info));
    } catch (err) {
      host.opts.log(`[${host.id}] transcript() threw: ${String(err)}`);
    }
    host.conversation.text.set(turn.itemId, text);
    host.conversation.audioMs.set(turn.itemId, durationMs);
    host.state.turns.push({ itemId: turn.itemId, audioStartMs: turn.audioStartMs, audioEndMs: turn.audioEndMs, durationMs, transcript: text });
    host.emit({ type: 'conversation.item.added', previous_item_id: previous, item: structuredClone(item) });
    host.emit({ type: 'conversation.item.done', previous_item_id: previous, item: structuredClone(item) });
    this.resetInputBuffer(turn.audioEndMs);
    if (host.session.audio?.input?.transcription) {
      this.pendingTranscriptions.push({ itemId: turn.itemId, text, durationMs, failure: this.transcriptionFailures.shift() ?? null });
      host.setTimer(() => this.flushTranscriptions(), TRANSCRIPTION_FLUSH_MS);
    }
    if (turn.createResponse) host.respondToTurn();
  }

  /** @param {number} atMs */
  resetInputBuffer(atMs) {
    this.inputBuffer = { startMs: atMs, voicedMs: 0, firstVoicedMs: null, lastVoicedEndMs: 0 };
  }

  /**
   * `input_audio_buffer.commit`: push-to-talk end of turn. Never starts a response (the real
   * API leaves that to `response.create`).
   * @param {string | null} clientEventId
   */
  commit(clientEventId) {
    if (this.speech && this.vad.speaking) {
      const ev = this.vad.stop(this.inbound.audioMs);
      if (ev?.type === 'stop') this.speechStopped(ev, false);
      return;
    }
    const buf = this.inputBuffer;
    // The real API counts audio, not speech: 100 ms of silence commits (and transcribes to
    // nothing); less than that is refused with the API's own message.
    const bufferedMs = Math.max(0, this.inbound.audioMs - buf.startMs);
    if (bufferedMs < MIN_COMMIT_AUDIO_MS) {
      this.host.emitErrorEvent(
        {
          code: 'input_audio_buffer_commit_empty',
          message: `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_AUDIO_MS}ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`,
        },
        clientEventId,
      );
      return;
    }
    const voiced = buf.firstVoicedMs !== null;
    this.commitUserAudio({
      itemId: itemId(),
      audioStartMs: Math.round(buf.startMs),
      audioEndMs: Math.round(this.inbound.audioMs),
      durationMs: voiced ? buf.lastVoicedEndMs - /** @type {number} */ (buf.firstVoicedMs) : 0,
      createResponse: false,
      voiced,
    });
  }

  /** `input_audio_buffer.clear`: forget buffered audio, including speech in progress. */
  clear() {
    const now = this.inbound.audioMs;
    this.speech = null;
    this.host.state.vad.speaking = false;
    this.vad.reset(now);
    this.resetInputBuffer(now);
    this.host.emit({ type: 'input_audio_buffer.cleared' });
  }

  /** Ends speech when packets stop arriving (muted/stopped track, DTX): silence would never be decoded. */
  startWatchdog() {
    if (this.watchdogStarted) return;
    this.watchdogStarted = true;
    const tick = () => {
      if (this.host.closed) return;
      if (this.speech && this.vad.speaking) {
        const silentFor = performance.now() - this.inbound.lastPacketAt;
        const silence = this.vad.config.silenceDurationMs;
        if (silentFor >= silence + WATCHDOG_MS) {
          const ev = this.vad.stop(this.vad.lastVoicedEndMs + silence);
          if (ev?.type === 'stop') this.speechStopped(ev);
        }
      }
      this.host.setTimer(tick, WATCHDOG_MS);
    };
    this.host.setTimer(tick, WATCHDOG_MS);
  }

  /** Delivers queued user transcriptions (delta per word, then completed). */
  flushTranscriptions() {
    const pending = this.pendingTranscriptions;
    this.pendingTranscriptions = [];
    for (const { itemId: id, text, durationMs, failure } of pending) {
      if (failure) {
        this.host.emit({ type: 'conversation.item.input_audio_transcription.failed', item_id: id, content_index: 0, error: failure });
        continue;
      }
      for (const delta of wordDeltas(text)) {
        this.host.emit({ type: 'conversation.item.input_audio_transcription.delta', item_id: id, content_index: 0, delta });
      }
      const audioTokens = Math.ceil(durationMs / 100);
      const outputTokens = Math.ceil(text.length / 4);
      this.host.emit({
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: id,
        content_index: 0,
        transcript: text,
        usage: {
          type: 'tokens',
          total_tokens: audioTokens + outputTokens,
          input_tokens: audioTokens,
          input_token_details: { text_tokens: 0, audio_tokens: audioTokens },
          output_tokens: outputTokens,
        },
      });
      const item = this.host.conversation.get(id);
      if (item?.content?.[0]) item.content[0].transcript = text;
    }
  }

  close() {
    this.inbound.close();
  }
}
