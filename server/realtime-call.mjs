// @ts-check
/**
 * One WebRTC call: the werift peer connection, the `oai-events` data channel, audio in (VAD,
 * turns) and audio out, the conversation and its responses. Client events are dispatched by
 * `client-events.mjs`; the response sequence lives in `response-run.mjs`.
 *
 * Robustness rules: nothing a client sends may crash the server, so every callback from werift
 * and every timer runs through `guard()`; after `close()` nothing is emitted and no timer runs.
 */
import { MediaStreamTrack, RTCPeerConnection, useOPUS } from 'werift';
import { AudioPlayer } from './audio-out.mjs';
import { InboundAudio } from './audio-in.mjs';
import { handleClientMessage } from './client-events.mjs';
import { Conversation } from './conversation.mjs';
import { conversationId, eventId, itemId } from './ids.mjs';
import { defaultSpokenTranscript, replyText, wordDeltas } from './reply-text.mjs';
import { ResponseRun } from './response-run.mjs';
import { publicSession } from './session-config.mjs';
import { EnergyVad, vadConfigFrom } from './vad.mjs';

/** @typedef {Record<string, any>} Json */
/**
 * @typedef {{ callId: string, itemId: string, turn: number, durationMs: number,
 *   audioStartMs: number, audioEndMs: number }} TranscriptInfo
 */
/**
 * @typedef {{
 *   id: string, sessionId: string, session: Json, auth: string,
 *   maxSessionMs: number, timing: { deltaMs: number, wordMs: number },
 *   transcript?: (info: TranscriptInfo) => string,
 *   log: (line: string) => void,
 *   onClosed?: (call: RealtimeCall) => void,
 * }} CallOptions
 */

/** We advertise a large SCTP max-message-size so that oversized events reach us and get a proper `error`. */
const ADVERTISED_MAX_MESSAGE = 4 * 1024 * 1024;
/** werift's SCTP receive window is 1 MiB, which cannot reassemble a larger message (it stalls). */
const SCTP_RECEIVE_WINDOW = 8 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 30_000;
const DISCONNECTED_GRACE_MS = 30_000;
/** Transcription events wait for the next response.created, but not longer than this. */
const TRANSCRIPTION_FLUSH_MS = 250;
/** A manual commit needs this much voiced audio. */
const MIN_COMMIT_SPEECH_MS = 100;
const WATCHDOG_MS = 100;
/** Time for the data channel's close to reach the client before the peer connection goes. */
const CLOSE_NOTIFY_MS = 100;
/** Limits on what is kept in `state` per call, so a long session cannot eat memory. */
const MAX_LOGGED_EVENTS = 5000;
const MAX_LOGGED_EVENT_BYTES = 64 * 1024;

export class RealtimeCall {
  /** @param {CallOptions} opts */
  constructor(opts) {
    this.opts = opts;
    this.id = opts.id;
    this.createdAt = Date.now();
    this.conversation = new Conversation();
    this.conversationId = conversationId();
    /** @type {Json} the effective session config */
    this.session = structuredClone(opts.session);
    this.timing = opts.timing;
    this.usageTotals = { tokens: 0, lastInputTokens: 0 };
    /** Unix seconds at which the session is cut off (reported in session.created). */
    this.expiresAt = Math.floor((this.createdAt + opts.maxSessionMs) / 1000);
    this.closed = false;
    /** A hung server: connected, but silent (see `stall`). */
    this.stalled = false;
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
    /** @type {ResponseRun | null} */
    this.run = null;
    /** A VAD turn ended while a response was still generating (interrupt_response false). */
    this.responseQueued = false;
    /** @type {{ itemId: string, text: string, durationMs: number }[]} */
    this.pendingTranscriptions = [];
    /** @type {{ itemId: string, audioStartMs: number } | null} the user item announced by speech_started */
    this.speech = null;
    /** Voiced audio since the last commit/clear, for manual (push-to-talk) commits. */
    this.inputBuffer = { startMs: 0, voicedMs: 0, firstVoicedMs: /** @type {number | null} */ (null), lastVoicedEndMs: 0 };
    /** @type {Json[]} events emitted before the data channel opened */
    this.outbox = [];
    /** @type {import('werift').RTCDataChannel | null} */
    this.dc = null;
    this.sessionCreatedSent = false;
    /** @type {import('werift').RTCRtpTransceiver | null} */
    this.transceiver = null;
    /** @type {MediaStreamTrack | null} */
    this.outTrack = null;
    /** @type {NodeJS.Timeout | null} */
    this.disconnectTimer = null;
    this.watchdogStarted = false;
    this.everConnected = false;
    /** Resolves when werift has finished closing the peer connection. @type {Promise<void>} */
    this.closing = Promise.resolve();

    /** Plain, JSON-safe data for tests and `/_control/state`; updated as things happen. */
    this.state = {
      id: this.id,
      sessionId: opts.sessionId,
      auth: opts.auth,
      createdAt: new Date(this.createdAt).toISOString(),
      connectionState: 'new',
      closed: false,
      stalled: false,
      /** @type {string | null} */
      closedReason: null,
      dataChannel: { label: /** @type {string | null} */ (null), state: 'none' },
      session: this.publicSession(),
      /** Effective session after creation and after each accepted session.update. @type {Json[]} */
      sessionHistory: [this.publicSession()],
      /** Every client event, parsed, in order (oversized or unparseable ones summarised). @type {Json[]} */
      clientEvents: [],
      /** Every event sent to the client, in order. @type {Json[]} */
      serverEvents: [],
      rtp: { packets: 0, bytes: 0, decodeErrors: 0, ignoredPackets: 0, audioMs: 0, payloadType: /** @type {number | null} */ (null) },
      audioOut: { packets: 0, bytes: 0, playing: false },
      vad: { speaking: false },
      /** @type {{ itemId: string, audioStartMs: number, audioEndMs: number, durationMs: number, transcript: string }[]} */
      turns: [],
      /** @type {{ id: string, reason: string, text: string, status: string }[]} */
      responses: [],
    };

    const vadConfig = vadConfigFrom(this.turnDetection) ?? vadConfigFrom({ type: 'server_vad' });
    this.vad = new EnergyVad(/** @type {import('./vad.mjs').VadConfig} */ (vadConfig));
    this.inbound = new InboundAudio({
      payloadType: () => this.opusPayloadType(),
      onFrame: (frame) => this.onFrame(frame),
    });
    this.player = new AudioPlayer({
      stats: this.state.audioOut,
      track: () => this.outTrack,
      payloadType: () => this.opusPayloadType() ?? 111,
      ssrc: () => this.transceiver?.sender.ssrc ?? 0,
      onStarted: (responseId) => this.emit({ type: 'output_audio_buffer.started', response_id: responseId }),
      onStopped: (responseId) => this.guard(() => this.emit({ type: 'output_audio_buffer.stopped', response_id: responseId })),
      onError: (err) => this.opts.log(`[${this.id}] audio output failed: ${String(err)}`),
    });

    this.pc = new RTCPeerConnection({
      iceServers: [], // the default is a Google STUN server, unreachable offline
      iceAdditionalHostAddresses: ['127.0.0.1'], // werift skips loopback otherwise (loopback-only CI)
      // Only Opus (what the real API answers first), with the fmtp Chrome offers.
      codecs: { audio: [useOPUS({ parameters: 'minptime=10;useinbandfec=1' })] },
      maxMessageSize: ADVERTISED_MAX_MESSAGE,
    });
    this.wirePeerConnection();
    this.setTimer(() => {
      if (!this.everConnected) this.close('connect_timeout');
    }, CONNECT_TIMEOUT_MS);
    this.setTimer(() => this.expire(), Math.min(opts.maxSessionMs, 2 ** 31 - 1));
  }

  get turnDetection() {
    return this.session.audio?.input?.turn_detection ?? null;
  }

  publicSession() {
    return publicSession(this.session, { id: this.opts.sessionId, expiresAt: this.expiresAt });
  }

  /**
   * Makes a merged, validated session effective and returns it as the client sees it.
   * @param {Json} next @returns {Json}
   */
  applySession(next) {
    this.session = next;
    const config = vadConfigFrom(this.turnDetection);
    if (config) this.vad.setConfig(config);
    else if (this.speech) {
      // Turn detection switched off mid-speech: drop the half turn, as the buffer now waits for a commit.
      this.speech = null;
      this.state.vad.speaking = false;
      this.vad.reset(this.inbound.audioMs);
    }
    const pub = this.publicSession();
    this.state.session = pub;
    this.state.sessionHistory.push(pub);
    return pub;
  }

  /** @returns {number | null} */
  opusPayloadType() {
    const codec = this.transceiver?.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
    return codec?.payloadType ?? null;
  }

  wirePeerConnection() {
    const { pc } = this;
    pc.onTransceiverAdded.subscribe((tr) =>
      this.guard(() => {
        if (tr.kind !== 'audio' || this.transceiver) return;
        this.transceiver = tr;
        this.outTrack = new MediaStreamTrack({ kind: 'audio' });
        tr.setDirection('sendrecv');
        tr.sender.replaceTrack(this.outTrack);
        tr.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => this.guard(() => this.onRtp(rtp))));
      }),
    );
    pc.onDataChannel.subscribe((dc) =>
      this.guard(() => {
        if (this.dc) {
          this.opts.log(`[${this.id}] ignoring extra data channel "${dc.label}"`);
          return;
        }
        this.dc = dc;
        this.state.dataChannel = { label: dc.label, state: dc.readyState };
        dc.stateChanged.subscribe((s) =>
          this.guard(() => {
            this.state.dataChannel.state = s;
            if (s === 'open') this.onDataChannelOpen();
            if (s === 'closed') this.close('datachannel_closed');
          }),
        );
        dc.onMessage.subscribe((msg) => this.guard(() => handleClientMessage(this, msg)));
        if (dc.readyState === 'open') this.onDataChannelOpen();
      }),
    );
    pc.connectionStateChange.subscribe((s) =>
      this.guard(() => {
        this.state.connectionState = s;
        if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
        this.disconnectTimer = null;
        if (s === 'connected') {
          this.everConnected = true;
          this.startWatchdog();
        }
        // `disconnected` is transient (protocol doc §9.3); give it time before giving up.
        if (s === 'disconnected') this.disconnectTimer = this.setTimer(() => this.close('disconnected'), DISCONNECTED_GRACE_MS);
        if (s === 'failed' || s === 'closed') this.close(s === 'failed' ? 'connection_failed' : 'peer_closed');
      }),
    );
  }

  /**
   * Applies the client's offer and returns our answer SDP (throws when werift rejects the offer).
   * @param {string} offerSdp
   */
  async negotiate(offerSdp) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const sctp = /** @type {any} */ (this.pc.sctpTransport)?.sctp;
    if (sctp && typeof sctp.advertisedRwnd === 'number') sctp.advertisedRwnd = SCTP_RECEIVE_WINDOW;
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('werift produced no answer');
    return sdp;
  }

  onDataChannelOpen() {
    if (this.sessionCreatedSent) return;
    this.sessionCreatedSent = true;
    this.send({ type: 'session.created', event_id: eventId(), session: this.publicSession() });
    const queued = this.outbox;
    this.outbox = [];
    for (const event of queued) this.send(event);
  }

  // ---- sending ----------------------------------------------------------------------------

  /**
   * Sends a server event (adds `event_id`). Before the channel opens events wait in a queue,
   * so `session.created` is always first.
   * @param {Json} event
   */
  emit(event) {
    if (this.closed) return;
    const full = { type: event.type, event_id: eventId(), ...event };
    if (!this.sessionCreatedSent) this.outbox.push(full);
    else this.send(full);
  }

  /** @param {Json} event */
  send(event) {
    if (this.stalled) return;
    this.logEvent(this.state.serverEvents, event);
    const dc = this.dc;
    if (!dc || dc.readyState !== 'open') return;
    try {
      dc.send(JSON.stringify(event));
    } catch (err) {
      this.opts.log(`[${this.id}] send failed: ${String(err)}`);
    }
  }

  /**
   * @param {{ code: string, message: string, param?: string | null, type?: string }} err
   * @param {string | null | undefined} clientEventId
   */
  emitErrorEvent(err, clientEventId) {
    this.emit({
      type: 'error',
      error: {
        type: err.type ?? 'invalid_request_error',
        code: err.code,
        message: err.message,
        param: err.param ?? null,
        event_id: clientEventId ?? null,
      },
    });
  }

  /** @param {Json[]} list @param {Json} event */
  logEvent(list, event) {
    if (list.length >= MAX_LOGGED_EVENTS) list.shift();
    list.push(event);
  }

  /** @param {Json} event @param {number} bytes */
  recordClientEvent(event, bytes) {
    this.logEvent(
      this.state.clientEvents,
      bytes > MAX_LOGGED_EVENT_BYTES ? { type: event.type, event_id: event.event_id, _truncated: true, bytes } : event,
    );
  }

  // ---- audio in and turns -----------------------------------------------------------------

  /** @param {import('werift').RtpPacket} rtp */
  onRtp(rtp) {
    if (this.closed) return;
    this.inbound.handleRtp(rtp);
    const r = this.state.rtp;
    r.packets = this.inbound.packets;
    r.bytes = this.inbound.bytes;
    r.decodeErrors = this.inbound.decodeErrors;
    r.ignoredPackets = this.inbound.ignoredPackets;
    r.audioMs = Math.round(this.inbound.audioMs);
    r.payloadType = this.opusPayloadType();
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
    this.state.vad.speaking = true;
    this.emit({ type: 'input_audio_buffer.speech_started', audio_start_ms: audioStartMs, item_id: id });
    if (this.turnDetection?.interrupt_response !== false) this.interrupt();
  }

  /** Barge-in: the user talks over the assistant. */
  interrupt() {
    if (this.run?.active) this.run.cancel('turn_detected');
    this.responseQueued = false;
    if (this.player.playing) this.clearAudio();
  }

  /** Stops assistant audio and says so (`output_audio_buffer.cleared`). */
  clearAudio() {
    const responseId = this.player.stop();
    this.emit({ type: 'output_audio_buffer.cleared', response_id: responseId });
  }

  /** @param {Extract<import('./vad.mjs').VadEvent, { type: 'stop' }>} ev @param {boolean} [announce] */
  speechStopped(ev, announce = true) {
    const speech = this.speech;
    this.speech = null;
    this.state.vad.speaking = false;
    if (!speech) return;
    if (announce) {
      this.emit({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: ev.audioEndMs, item_id: speech.itemId });
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
   * transcription, and starts a response if the turn detector should.
   * @param {{ itemId: string, audioStartMs: number, audioEndMs: number, durationMs: number, createResponse: boolean }} turn
   */
  commitUserAudio(turn) {
    const previous = this.conversation.lastItemId;
    this.emit({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: turn.itemId });
    const item = { id: turn.itemId, type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] };
    this.conversation.add(item);
    const durationMs = Math.max(0, Math.round(turn.durationMs));
    const info = {
      callId: this.id,
      itemId: turn.itemId,
      turn: this.state.turns.length + 1,
      durationMs,
      audioStartMs: turn.audioStartMs,
      audioEndMs: turn.audioEndMs,
    };
    let text = defaultSpokenTranscript(durationMs);
    try {
      if (this.opts.transcript) text = String(this.opts.transcript(info));
    } catch (err) {
      this.opts.log(`[${this.id}] transcript() threw: ${String(err)}`);
    }
    this.conversation.text.set(turn.itemId, text);
    this.conversation.audioMs.set(turn.itemId, durationMs);
    this.state.turns.push({ itemId: turn.itemId, audioStartMs: turn.audioStartMs, audioEndMs: turn.audioEndMs, durationMs, transcript: text });
    this.emit({ type: 'conversation.item.added', previous_item_id: previous, item: structuredClone(item) });
    this.emit({ type: 'conversation.item.done', previous_item_id: previous, item: structuredClone(item) });
    this.resetInputBuffer(turn.audioEndMs);
    if (this.session.audio?.input?.transcription) {
      this.pendingTranscriptions.push({ itemId: turn.itemId, text, durationMs });
      this.setTimer(() => this.flushTranscriptions(), TRANSCRIPTION_FLUSH_MS);
    }
    if (turn.createResponse) {
      if (this.run?.active) this.responseQueued = true;
      else this.startResponse({ reason: 'turn' });
    }
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
  commitInput(clientEventId) {
    if (this.speech && this.vad.speaking) {
      const ev = this.vad.stop(this.inbound.audioMs);
      if (ev?.type === 'stop') this.speechStopped(ev, false);
      return;
    }
    const buf = this.inputBuffer;
    if (buf.voicedMs < MIN_COMMIT_SPEECH_MS || buf.firstVoicedMs === null) {
      this.emitErrorEvent(
        {
          code: 'input_audio_buffer_commit_empty',
          message: `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_SPEECH_MS}ms of speech, but buffer only has ${buf.voicedMs.toFixed(2)}ms of speech.`,
        },
        clientEventId,
      );
      return;
    }
    this.commitUserAudio({
      itemId: itemId(),
      audioStartMs: Math.round(buf.startMs),
      audioEndMs: Math.round(this.inbound.audioMs),
      durationMs: buf.lastVoicedEndMs - buf.firstVoicedMs,
      createResponse: false,
    });
  }

  /** `input_audio_buffer.clear`: forget buffered audio, including speech in progress. */
  clearInput() {
    const now = this.inbound.audioMs;
    this.speech = null;
    this.state.vad.speaking = false;
    this.vad.reset(now);
    this.resetInputBuffer(now);
    this.emit({ type: 'input_audio_buffer.cleared' });
  }

  /** Ends speech when packets stop arriving (muted/stopped track, DTX): silence would never be decoded. */
  startWatchdog() {
    if (this.watchdogStarted) return;
    this.watchdogStarted = true;
    const tick = () => {
      if (this.closed) return;
      if (this.speech && this.vad.speaking) {
        const silentFor = performance.now() - this.inbound.lastPacketAt;
        const silence = this.vad.config.silenceDurationMs;
        if (silentFor >= silence + WATCHDOG_MS) {
          const ev = this.vad.stop(this.vad.lastVoicedEndMs + silence);
          if (ev?.type === 'stop') this.speechStopped(ev);
        }
      }
      this.setTimer(tick, WATCHDOG_MS);
    };
    this.setTimer(tick, WATCHDOG_MS);
  }

  /** Delivers queued user transcriptions (delta per word, then completed). */
  flushTranscriptions() {
    const pending = this.pendingTranscriptions;
    this.pendingTranscriptions = [];
    for (const { itemId: id, text, durationMs } of pending) {
      for (const delta of wordDeltas(text)) {
        this.emit({ type: 'conversation.item.input_audio_transcription.delta', item_id: id, content_index: 0, delta });
      }
      const audioTokens = Math.ceil(durationMs / 100);
      const outputTokens = Math.ceil(text.length / 4);
      this.emit({
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
      const item = this.conversation.get(id);
      if (item?.content?.[0]) item.content[0].transcript = text;
    }
  }

  // ---- responses --------------------------------------------------------------------------

  /**
   * @param {{ reason: string, text?: string, params?: Json }} opts
   * @returns {ResponseRun}
   */
  startResponse(opts) {
    const params = opts.params ?? {};
    const text =
      opts.text ??
      replyText({ userText: this.conversation.lastUserText(), instructions: params.instructions ?? this.session.instructions });
    const run = new ResponseRun(this, { text, params, reason: opts.reason });
    this.run = run;
    this.state.responses.push({ id: run.id, reason: opts.reason, text, status: 'in_progress' });
    run.start();
    return run;
  }

  /** Called by a ResponseRun when it completes or is cancelled. @param {ResponseRun} run */
  responseFinished(run) {
    const entry = this.state.responses.find((r) => r.id === run.id);
    if (entry) entry.status = run.status;
    if (this.run === run) this.run = null;
    if (this.responseQueued && !this.closed) {
      this.responseQueued = false;
      this.startResponse({ reason: 'turn' });
    }
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Runs a callback from werift or a timer; a bug there must not take the server down. @param {() => void} fn */
  guard(fn) {
    try {
      fn();
    } catch (err) {
      this.opts.log(`[${this.id}] internal error: ${err instanceof Error ? err.stack : String(err)}`);
      this.emitErrorEvent({ type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request.' }, null);
    }
  }

  /** A tracked, guarded timer that dies with the call. @param {() => void} fn @param {number} ms */
  setTimer(fn, ms) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) this.guard(fn);
    }, ms);
    this.timers.add(t);
    return t;
  }

  /** The session hit its maximum duration: tell the client, then hang up. */
  expire() {
    const ms = this.opts.maxSessionMs;
    /** @param {number} n @param {string} unit */
    const plural = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    const span = ms % 60000 === 0 ? plural(ms / 60000, 'minute') : plural(ms / 1000, 'second');
    this.run?.abandon();
    this.player.stop();
    this.emitErrorEvent({ code: 'session_expired', message: `Your session hit the maximum duration of ${span}.` }, null);
    // Let the error leave through SCTP before the connection goes away.
    this.setTimer(() => this.close('session_expired'), 200);
  }

  /**
   * Simulates a hung server (`/_control/drop {mode:'stall'}`): the call stays connected (werift
   * keeps answering ICE, SCTP and RTCP) and keeps recording client events, but sends no event and
   * no audio again. Only the client can end it (hangup, or its peer connection closing).
   */
  stall() {
    if (this.closed) return;
    this.stalled = true;
    this.state.stalled = true;
    this.run?.abandon();
    this.player.close();
    this.opts.log(`[${this.id}] stalled`);
  }

  /**
   * Ends the call. Nothing is emitted afterwards; timers stop; the peer connection closes.
   *
   * werift's `pc.close()` stops DTLS before SCTP, so its SCTP ABORT never leaves and the peer
   * notices nothing until ICE times out. A normal end therefore first closes the data channel
   * (an SCTP stream reset the client sees at once) and closes the peer connection a moment
   * later; `silent` skips that, to simulate a network drop.
   * @param {string} reason @param {{ silent?: boolean }} [opts]
   */
  close(reason, opts = {}) {
    if (this.closed) return;
    this.closed = true;
    this.state.closed = true;
    this.state.closedReason = reason;
    this.state.vad.speaking = false;
    this.state.audioOut.playing = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    this.run?.abandon();
    this.player.close();
    this.inbound.close();
    this.opts.log(`[${this.id}] closed (${reason})`);
    const dc = this.dc;
    const notify = !opts.silent && dc?.readyState === 'open';
    if (notify && dc) {
      try {
        dc.close();
      } catch {
        // already closing
      }
    }
    const closePc = () => this.pc.close().catch((err) => this.opts.log(`[${this.id}] close failed: ${String(err)}`));
    this.closing = notify ? new Promise((resolve) => setTimeout(resolve, CLOSE_NOTIFY_MS)).then(closePc) : closePc();
    this.opts.onClosed?.(this);
  }
}
