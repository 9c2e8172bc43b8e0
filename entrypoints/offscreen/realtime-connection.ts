/**
 * One WebRTC connection to the Realtime API: microphone track out, assistant audio in, and the
 * `oai-events` data channel. Everything is driven by events (channel `open`, `session.updated`),
 * never by fixed delays. The connection owns the microphone it opened and releases it on close.
 */
import type { ConnectRequest } from '@/lib/protocol/messages';
import { parseServerEvent, sessionUpdate, type RealtimeClientEvent, type RealtimeServerEvent } from '@/lib/realtime/protocol';
import { callsUrlRefusal, checkLocation } from '@/lib/secret-origin';
import { classifyCallError, sessionError, unreachableError, type SessionError } from '@/lib/errors';
import type { Activity } from '@/lib/session/machine';
import { isQuiet, rolloverDelay } from '@/lib/session/rollover';
import { ResponseGate } from '@/lib/session/response-gate';
import { openMicrophone, releaseMicrophone } from './microphone';
import { registerPeer } from './media-registry';
import { LivenessWatch, PROBE } from './liveness-watch';
import { connectMarks } from './marks';

export interface ConnectionHooks {
  onEvent(e: RealtimeServerEvent): void;
  onLive(): void;
  onActivity(a: Activity): void;
  /**
   * `failed`: never got live; `dropped`: was live and lost the link (or is rolling over to a new
   * session before the time limit: reason `session-expired`). Called at most once.
   */
  onEnd(kind: 'failed' | 'dropped', error: SessionError): void;
}

/** Generous bound on the whole handshake; a healthy one takes well under a second. */
const CONNECT_TIMEOUT_MS = 20_000;
const SESSION_UPDATE_ID = 'hark_session_update';
/** `disconnected` is often a blip that heals by itself; `failed` is final. */
const DISCONNECTED_GRACE_MS = 3_000;

export class RealtimeConnection {
  private pc: RTCPeerConnection | null = null;
  private sender: RTCRtpSender | null = null;
  /** Whether microphone audio should be sent (mute and push-to-talk close it). */
  private micOpen = true;
  private dc: RTCDataChannel | null = null;
  private stream: MediaStream | null = null;
  private live = false;
  private closed = false;
  private activity: Activity = 'listening';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private grace: ReturnType<typeof setTimeout> | undefined;
  /** The session nears its time limit: roll over at the next quiet moment. */
  private rolloverDue = false;
  private rolloverTimer: ReturnType<typeof setTimeout> | undefined;
  /** `Location` of the call (for the hangup), once the SDP exchange succeeded. */
  private callUrl: string | null = null;
  private hungUp = false;
  /** The SDP exchange while it is in flight (a close waits for it, to hang up what it created). */
  private offer: Promise<unknown> | null = null;
  /** Notices a server that went silent without closing anything (from live until close). */
  private liveness: LivenessWatch | null = null;
  /** Every `response.create` goes through it: one active response at a time (see the gate). */
  private readonly gate = new ResponseGate((e) => this.send(e));

  constructor(
    private readonly req: ConnectRequest,
    private readonly audio: HTMLAudioElement,
    private readonly hooks: ConnectionHooks,
  ) {}

  get micLive(): boolean {
    return !!this.stream?.getAudioTracks().some((t) => t.readyState === 'live');
  }

  async start(): Promise<void> {
    this.timer = setTimeout(() => this.end(sessionError('network', 'Timed out connecting to the Realtime server.')), CONNECT_TIMEOUT_MS);
    try {
      await this.handshake();
    } catch (e) {
      this.end(sessionError('internal', `Connection setup failed: ${String(e)}`));
    }
  }

  private async handshake(): Promise<void> {
    const mic = await openMicrophone();
    if (!mic.ok) return this.end(mic.error);
    connectMarks.mark('micOpen');
    this.stream = mic.stream;
    if (this.closed) return releaseMicrophone(mic.stream);
    this.watchMicrophone(mic.stream);

    const pc = (this.pc = registerPeer(new RTCPeerConnection()));
    pc.ontrack = (e) => {
      this.audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      this.audio.play().catch(() => {
        // Autoplay is allowed in offscreen documents; a failure here only loses sound.
      });
    };
    pc.onconnectionstatechange = () => {
      const lost = () => this.end(sessionError('network', 'The connection to the Realtime server was lost.'));
      clearTimeout(this.grace);
      if (pc.connectionState === 'failed') lost();
      else if (pc.connectionState === 'disconnected') this.grace = setTimeout(lost, DISCONNECTED_GRACE_MS);
    };
    for (const track of mic.stream.getAudioTracks()) this.sender = pc.addTrack(track, mic.stream);
    this.applyMic();
    this.openChannel(pc.createDataChannel('oai-events'));

    await pc.setLocalDescription(await pc.createOffer());
    connectMarks.mark('offerCreated');
    const answer = await this.postOffer(pc.localDescription!.sdp);
    if (answer == null || this.closed) return;
    connectMarks.mark('answerReceived');
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch {
      this.end(sessionError('protocol', 'The Realtime server sent an answer that is not valid SDP.'));
    }
  }

  /** The SDP exchange; returns the answer, or ends the connection with a classified error. */
  private async postOffer(sdp: string): Promise<string | null> {
    // Defence in depth (the worker checked it): the ephemeral key goes only to an origin the worker
    // allowed, never over plain http off this computer, and never on along a redirect.
    const refused = callsUrlRefusal(this.req.callsUrl, this.req.trustedOrigins);
    if (refused) {
      this.end(sessionError('protocol', refused));
      return null;
    }
    let res: Response;
    try {
      const request = fetch(this.req.callsUrl, {
        method: 'POST',
        redirect: 'error',
        body: sdp,
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${this.req.ephemeralKey}` },
      });
      this.offer = request.catch(() => {});
      res = await request;
    } catch {
      this.end(unreachableError(this.req.callsUrl, 'Could not reach the Realtime server to connect.'));
      return null;
    }
    const body = await res.text().catch(() => '');
    if (!res.ok) {
      this.end(classifyCallError(res.status, body, res.headers.get('retry-after')));
      return null;
    }
    const location = res.headers.get('location');
    if (location) {
      // The hangup carries the ephemeral key: only to the calls URL's own origin.
      this.callUrl = checkLocation(location, this.req.callsUrl);
      if (!this.callUrl) {
        this.end(sessionError('protocol', 'The Realtime server pointed its call to another server. Hark hung up and sent nothing there.'));
        return null;
      }
    }
    // Closed while the offer was on its way: the server created a call nobody will use.
    if (this.closed) {
      this.hangup();
      return null;
    }
    if (!body.startsWith('v=')) {
      this.end(sessionError('protocol', 'The Realtime server did not answer with SDP.'));
      return null;
    }
    return body;
  }

  private openChannel(dc: RTCDataChannel): void {
    this.dc = dc;
    // Configure the session as soon as the channel opens, and only call it live once the session
    // has Hark's settings: the key was minted with them, so `session.created` usually says so
    // already (a round trip sooner); otherwise `session.updated` confirms them. Earlier audio
    // would be handled with default instructions.
    dc.onopen = () => {
      connectMarks.mark('channelOpen');
      this.send({ ...sessionUpdate(this.req.session), event_id: SESSION_UPDATE_ID });
    };
    dc.onclose = () => this.end(sessionError('network', 'The Realtime server closed the connection.'));
    dc.onmessage = (m) => this.receive(m.data);
  }

  private receive(raw: unknown): void {
    if (this.closed) return;
    this.liveness?.heard();
    const parsed = parseServerEvent(raw);
    if (!parsed.ok) {
      console.warn(`[hark] ignored a server event: ${parsed.reason}`);
      return;
    }
    const e = parsed.event;
    // A well-formed frame can still carry fields of the wrong shape (a broken or hostile server):
    // whatever handling it trips over, the event is dropped and the session goes on.
    try {
      if (e.type === 'session.created') {
        this.scheduleRollover((e.session as { expires_at?: unknown } | null | undefined)?.expires_at);
      }
      if (!this.live && (e.type === 'session.updated' || (e.type === 'session.created' && this.configured(e.session)))) {
        this.live = true;
        connectMarks.mark('live');
        clearTimeout(this.timer);
        this.watchLiveness();
        this.hooks.onLive();
      } else if (e.type === 'error') {
        this.onServerError(e.error);
      }
      this.gate.observe(e);
      this.trackActivity(e.type);
      this.hooks.onEvent(e);
      this.maybeRollOver();
    } catch (err) {
      console.warn(`[hark] ignored a server event (${String(e.type).slice(0, 80)}) that could not be handled: ${String(err)}`);
    }
  }

  /** The server's session already carries Hark's instructions (it was minted with them). */
  private configured(session: unknown): boolean {
    const instructions = (session as { instructions?: unknown } | null | undefined)?.instructions;
    return typeof instructions === 'string' && instructions === this.req.session.instructions;
  }

  private watchLiveness(): void {
    if (!this.pc) return;
    this.liveness = new LivenessWatch(this.pc, {
      probe: () => this.send(PROBE),
      dead: (silentMs) => {
        console.warn(`[hark] the Realtime server stopped answering (nothing for ${Math.round(silentMs)} ms, probe included)`);
        this.end(sessionError('network', 'The Realtime server stopped responding.'));
      },
    });
    this.liveness.start();
  }

  /** From `session.created`: when the session's time limit is near, look for a quiet moment. */
  private scheduleRollover(expiresAt: unknown): void {
    clearTimeout(this.rolloverTimer);
    const delay = rolloverDelay(expiresAt, Date.now());
    if (delay == null) return;
    this.rolloverTimer = setTimeout(() => {
      this.rolloverDue = true;
      this.maybeRollOver();
    }, delay);
  }

  private maybeRollOver(): void {
    if (!this.rolloverDue || !this.live || this.closed || !isQuiet(this.activity, this.gate.responding)) return;
    console.info('[hark] session time limit near: renewing it at a quiet moment');
    this.end(sessionError('session-expired', 'The session was renewed before its time limit.'));
  }

  /** The link is gone (e.g. the browser went offline): end now instead of waiting for ICE. */
  drop(error: SessionError): void {
    this.end(error);
  }

  /**
   * A microphone that ends by itself was unplugged (or taken away by the system). Switch to the
   * default microphone, if there is one; else end with a message that says what to do.
   */
  private watchMicrophone(stream: MediaStream): void {
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => void this.onMicrophoneEnded(track), { once: true });
    }
  }

  private async onMicrophoneEnded(track: MediaStreamTrack): Promise<void> {
    if (this.closed || !this.stream?.getAudioTracks().includes(track)) return;
    console.warn('[hark] the microphone stopped (unplugged?); trying the default one');
    const mic = await openMicrophone();
    if (this.closed) {
      if (mic.ok) releaseMicrophone(mic.stream);
      return;
    }
    if (!mic.ok) return this.end({ ...mic.error, message: `The microphone was disconnected. ${mic.error.message}` });
    releaseMicrophone(this.stream);
    this.stream = mic.stream;
    this.watchMicrophone(mic.stream);
    this.applyMic();
  }

  private onServerError(err: { code?: string | null; message: string; event_id?: string | null }): void {
    console.warn(`[hark] server error ${err?.code ?? ''}: ${err?.message}`);
    if (!err || typeof err !== 'object') return;
    if (err.code === 'session_expired') this.end(sessionError('session-expired', 'The session reached its time limit.'));
    else if (err.event_id === SESSION_UPDATE_ID) {
      this.end(sessionError('protocol', `The server refused the session settings: ${err.message}`));
    }
  }

  private trackActivity(type: string): void {
    const next: Activity | null =
      type === 'input_audio_buffer.speech_started'
        ? 'user-speaking'
        : type === 'output_audio_buffer.started'
          ? 'assistant-speaking'
          : type === 'input_audio_buffer.speech_stopped' || type === 'output_audio_buffer.stopped' || type === 'output_audio_buffer.cleared'
            ? 'listening'
            : null;
    if (next && next !== this.activity) {
      this.activity = next;
      this.hooks.onActivity(next);
    }
  }

  /** Asks for a reply now, or as soon as the active one is done. False: the channel is not open. */
  requestResponse(): boolean {
    return this.gate.request();
  }

  /** Sends a client event; false when the channel is not open. */
  send(event: RealtimeClientEvent): boolean {
    if (this.dc?.readyState !== 'open') return false;
    this.dc.send(JSON.stringify(event));
    this.liveness?.sent();
    return true;
  }

  /**
   * Closes or opens the microphone. A disabled track still sends ~50 packets/s of silence, so a
   * closed mic also detaches the track from the sender: no audio packets leave the browser.
   */
  setMuted(muted: boolean): void {
    this.micOpen = !muted;
    this.applyMic();
  }

  private applyMic(): void {
    const track = this.stream?.getAudioTracks()[0] ?? null;
    if (track) track.enabled = this.micOpen;
    if (this.sender && this.pc?.signalingState !== 'closed') {
      this.sender.replaceTrack(this.micOpen ? track : null).catch((e) => console.warn('[hark] replaceTrack', e));
    }
  }

  /** Liveness probes sent so far (tests read it through `harkDebug`). */
  get probes(): number {
    return this.liveness?.probes ?? 0;
  }

  /** The peer connection, for `getStats()` (connection quality and levels). */
  get peer(): RTCPeerConnection | null {
    return this.pc;
  }

  private end(error: SessionError): void {
    if (this.closed) return;
    const kind = this.live ? 'dropped' : 'failed';
    this.close();
    this.hooks.onEnd(kind, error);
  }

  /**
   * Closes, and waits (at most `maxWaitMs`) for an SDP exchange still in flight, so the call it
   * creates on the server is hung up before this document may be closed.
   */
  async closeAndHangUp(maxWaitMs: number): Promise<void> {
    this.close();
    if (!this.offer || this.callUrl) return;
    await Promise.race([this.offer.then(() => new Promise((r) => setTimeout(r, 0))), new Promise((r) => setTimeout(r, maxWaitMs))]);
  }

  /** Idempotent; releases the microphone, the channel, the peer connection and the audio sink. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.grace);
    clearTimeout(this.rolloverTimer);
    this.liveness?.stop();
    this.hangup();
    if (this.dc) this.dc.onclose = null;
    this.dc?.close();
    this.pc?.close();
    releaseMicrophone(this.stream);
    this.audio.srcObject = null;
  }

  /**
   * Tells the server the call is over. Closing the peer connection is enough once it is up, but a
   * call closed mid-handshake would otherwise stay open on the server until its own timeout.
   * `keepalive`: the document may be closed right after.
   */
  private hangup(): void {
    if (!this.callUrl || this.hungUp) return;
    this.hungUp = true;
    fetch(`${this.callUrl}/hangup`, { method: 'POST', keepalive: true, redirect: 'error', headers: { Authorization: `Bearer ${this.req.ephemeralKey}` } }).catch(() => {
      // The server is gone or the call already ended: nothing to hang up.
    });
  }
}
