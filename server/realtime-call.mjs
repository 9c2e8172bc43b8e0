// @ts-check
/**
 * One WebRTC call: ties together the peer connection (`peer-link.mjs`), the data channel's
 * events (`event-channel.mjs`, dispatched by `client-events.mjs`), the user's turns
 * (`user-turns.mjs`), the conversation, and the assistant's responses (`response-run.mjs`)
 * and audio (`audio-out.mjs`). This file decides when a response starts or stops and how the
 * call ends.
 *
 * Robustness rules: nothing a client sends may crash the server, so every callback from werift
 * and every timer runs through `guard()`; after `close()` nothing is emitted and no timer runs.
 */
import { AudioPlayer } from './audio-out.mjs';
import { handleClientMessage } from './client-events.mjs';
import { Conversation } from './conversation.mjs';
import { EventChannel } from './event-channel.mjs';
import { conversationId, eventId } from './ids.mjs';
import { PeerLink } from './peer-link.mjs';
import { FunctionCallRun } from './function-call-run.mjs';
import { replyText, toolReplyText } from './reply-text.mjs';
import { ResponseRun } from './response-run.mjs';
import { publicSession } from './session-config.mjs';
import { UserTurns } from './user-turns.mjs';

/** @typedef {Record<string, any>} Json */
/** @typedef {import('./user-turns.mjs').TranscriptInfo} TranscriptInfo */
/**
 * @typedef {{
 *   id: string, sessionId: string, session: Json, auth: string,
 *   maxSessionMs: number, timing: { deltaMs: number, wordMs: number },
 *   transcript?: (info: TranscriptInfo) => string,
 *   log: (line: string) => void,
 *   onClosed?: (call: RealtimeCall) => void,
 * }} CallOptions
 */

const CONNECT_TIMEOUT_MS = 30_000;

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
    /** The next response calls this function instead of speaking (`/_control/function-call`). @type {import('./function-call-run.mjs').ScriptedCall | null} */
    this.nextFunctionCall = null;
    /** rate_limits.updated reports these instead of computed ones (`/_control/rate-limits`). @type {Json[] | null} */
    this.scriptedRateLimits = null;
    /** How the next response ends, when a test scripted it (`/_control/next-response`). @type {import('./response-run.mjs').Outcome | null} */
    this.nextOutcome = null;
    /** A VAD turn ended while a response was still generating (interrupt_response false). */
    this.responseQueued = false;
    /** Resolves when werift has finished closing the peer connection. @type {Promise<void>} */
    this.closing = Promise.resolve();
    /** @param {string} line */
    const log = (line) => opts.log(`[${this.id}] ${line}`);

    /** Plain, JSON-safe data for tests and `/_control/state`; updated as things happen. */
    const state = {
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
      /** Every `function_call_output` item the client created, in order (`GET /_control/function-outputs`). @type {Json[]} */
      functionOutputs: [],
    };
    this.state = state;

    this.events = new EventChannel({
      dc: () => this.peer.dc,
      log,
      serverEvents: state.serverEvents,
      clientEvents: state.clientEvents,
    });
    this.turns = new UserTurns(this);
    this.player = new AudioPlayer({
      stats: state.audioOut,
      track: () => this.peer.outTrack,
      payloadType: () => this.opusPayloadType() ?? 111,
      ssrc: () => this.peer.transceiver?.sender.ssrc ?? 0,
      onStarted: (responseId) => this.emit({ type: 'output_audio_buffer.started', response_id: responseId }),
      onStopped: (responseId) => this.guard(() => this.emit({ type: 'output_audio_buffer.stopped', response_id: responseId })),
      onError: (err) => log(`audio output failed: ${String(err)}`),
    });
    this.peer = new PeerLink({
      guard: (fn) => this.guard(fn),
      setTimer: (fn, ms) => this.setTimer(fn, ms),
      log,
      state,
      onRtp: (rtp) => this.turns.onRtp(rtp),
      onMessage: (msg) => handleClientMessage(this, msg),
      onChannelOpen: () => this.events.open({ type: 'session.created', event_id: eventId(), session: this.publicSession() }),
      onConnected: () => this.turns.startWatchdog(),
      onEnded: (reason) => this.close(reason),
    });
    this.setTimer(() => {
      if (!this.peer.everConnected) this.close('connect_timeout');
    }, CONNECT_TIMEOUT_MS);
    this.setTimer(() => this.expire(), Math.min(opts.maxSessionMs, 2 ** 31 - 1));
  }

  get pc() {
    return this.peer.pc;
  }

  get dc() {
    return this.peer.dc;
  }

  /** Applies the client's offer and returns our answer SDP. @param {string} offerSdp */
  negotiate(offerSdp) {
    return this.peer.negotiate(offerSdp);
  }

  opusPayloadType() {
    return this.peer.opusPayloadType();
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
    this.turns.sessionChanged();
    const pub = this.publicSession();
    this.state.session = pub;
    this.state.sessionHistory.push(pub);
    return pub;
  }

  // ---- events (see event-channel.mjs) and input (see user-turns.mjs) ------------------------

  /** Sends a server event; before the channel opens it waits, so `session.created` is first. @param {Json} event */
  emit(event) {
    this.events.emit(event);
  }

  /**
   * @param {{ code: string, message: string, param?: string | null, type?: string }} err
   * @param {string | null | undefined} clientEventId
   */
  emitErrorEvent(err, clientEventId) {
    this.events.error(err, clientEventId);
  }

  /** @param {Json} event @param {number} bytes */
  recordClientEvent(event, bytes) {
    this.events.recordClientEvent(event, bytes);
  }

  /** `input_audio_buffer.commit` @param {string | null} clientEventId */
  commitInput(clientEventId) {
    this.turns.commit(clientEventId);
  }

  /** The client answered a function call. @param {Json} item */
  recordFunctionOutput(item) {
    this.state.functionOutputs.push({ ...structuredClone(item), at: new Date().toISOString() });
  }

  /** `input_audio_buffer.clear` */
  clearInput() {
    this.turns.clear();
  }

  flushTranscriptions() {
    this.turns.flushTranscriptions();
  }

  // ---- responses --------------------------------------------------------------------------

  /**
   * @param {{ reason: string, text?: string, params?: Json }} opts
   * @returns {ResponseRun}
   */
  startResponse(opts) {
    const params = opts.params ?? {};
    const instructions = params.instructions ?? this.session.instructions;
    const last = this.conversation.items.at(-1);
    const toolOutput = last?.type === 'function_call_output' ? last : null;
    const calledName = toolOutput && this.conversation.items.find((i) => i.type === 'function_call' && i.call_id === toolOutput.call_id)?.name;
    const text =
      opts.text ??
      (toolOutput
        ? toolReplyText({ name: calledName ?? 'function', output: String(toolOutput.output), instructions })
        : replyText({ userText: this.conversation.lastUserText(), instructions }));
    const scripted = opts.text === undefined ? this.nextFunctionCall : null;
    this.nextFunctionCall = scripted ? null : this.nextFunctionCall;
    const outcome = scripted ? null : this.nextOutcome;
    if (!scripted) this.nextOutcome = null;
    const run = scripted
      ? new FunctionCallRun(this, { call: scripted, params, reason: opts.reason })
      : new ResponseRun(this, { text, params, reason: opts.reason, outcome });
    this.run = run;
    this.state.responses.push({ id: run.id, reason: opts.reason, text: scripted ? run.text : text, status: 'in_progress' });
    run.start();
    return run;
  }

  /** A VAD turn ended and wants a reply: now, or after the response still generating. */
  respondToTurn() {
    if (this.run?.active) this.responseQueued = true;
    else this.startResponse({ reason: 'turn' });
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
    this.events.stall();
    this.run?.abandon();
    this.player.close();
    this.opts.log(`[${this.id}] stalled`);
  }

  /**
   * Ends the call. Nothing is emitted afterwards; timers stop; the peer connection closes
   * (`silent`: without telling the client, to simulate a network drop; see PeerLink.hangUp).
   * @param {string} reason @param {{ silent?: boolean }} [opts]
   */
  close(reason, opts = {}) {
    if (this.closed) return;
    this.closed = true;
    this.events.close();
    this.state.closed = true;
    this.state.closedReason = reason;
    this.state.vad.speaking = false;
    this.state.audioOut.playing = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.run?.abandon();
    this.player.close();
    this.turns.close();
    this.opts.log(`[${this.id}] closed (${reason})`);
    this.closing = this.peer.hangUp(opts);
    this.opts.onClosed?.(this);
  }
}
