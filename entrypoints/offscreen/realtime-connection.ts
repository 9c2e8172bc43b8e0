/**
 * One WebRTC connection to the Realtime API: microphone track out, assistant audio in, and the
 * `oai-events` data channel. Everything is driven by events (channel `open`, `session.updated`),
 * never by fixed delays. The connection owns the microphone it opened and releases it on close.
 */
import type { ConnectRequest } from '@/lib/protocol/messages';
import { parseServerEvent, sessionUpdate, type RealtimeClientEvent, type RealtimeServerEvent } from '@/lib/protocol/realtime';
import { classifyHttpError, sessionError, type SessionError } from '@/lib/errors';
import type { Activity } from '@/lib/session/machine';
import { openMicrophone, releaseMicrophone } from './microphone';

export interface ConnectionHooks {
  onEvent(e: RealtimeServerEvent): void;
  onLive(): void;
  onActivity(a: Activity): void;
  /** `failed`: never got live; `dropped`: was live and lost the link. Called at most once. */
  onEnd(kind: 'failed' | 'dropped', error: SessionError): void;
}

/** Generous bound on the whole handshake; a healthy one takes well under a second. */
const CONNECT_TIMEOUT_MS = 20_000;
const SESSION_UPDATE_ID = 'hark_session_update';
/** `disconnected` is often a blip that heals by itself; `failed` is final. */
const DISCONNECTED_GRACE_MS = 3_000;

export class RealtimeConnection {
  private pc: RTCPeerConnection | null = null;
  private dc: RTCDataChannel | null = null;
  private stream: MediaStream | null = null;
  private live = false;
  private closed = false;
  private activity: Activity = 'listening';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private grace: ReturnType<typeof setTimeout> | undefined;

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
    this.stream = mic.stream;
    if (this.closed) return releaseMicrophone(mic.stream);

    const pc = (this.pc = new RTCPeerConnection());
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
    for (const track of mic.stream.getAudioTracks()) pc.addTrack(track, mic.stream);
    this.openChannel(pc.createDataChannel('oai-events'));

    await pc.setLocalDescription(await pc.createOffer());
    const answer = await this.postOffer(pc.localDescription!.sdp);
    if (answer == null || this.closed) return;
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch {
      this.end(sessionError('protocol', 'The Realtime server sent an answer that is not valid SDP.'));
    }
  }

  /** The SDP exchange; returns the answer, or ends the connection with a classified error. */
  private async postOffer(sdp: string): Promise<string | null> {
    let res: Response;
    try {
      res = await fetch(this.req.callsUrl, {
        method: 'POST',
        body: sdp,
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${this.req.ephemeralKey}` },
      });
    } catch {
      this.end(sessionError('network', 'Could not reach the Realtime server to connect.'));
      return null;
    }
    const body = await res.text().catch(() => '');
    if (!res.ok) {
      this.end(classifyHttpError(res.status, body, res.headers.get('retry-after'), 'connecting'));
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
    // Configure the session as soon as the channel opens, and only call it live once the
    // server confirms: earlier audio would be handled with default instructions.
    dc.onopen = () => this.send({ ...sessionUpdate(this.req.session), event_id: SESSION_UPDATE_ID });
    dc.onclose = () => this.end(sessionError('network', 'The Realtime server closed the connection.'));
    dc.onmessage = (m) => this.receive(m.data);
  }

  private receive(raw: unknown): void {
    if (this.closed) return;
    const parsed = parseServerEvent(raw);
    if (!parsed.ok) {
      console.warn(`[hark] ignored a server event: ${parsed.reason}`);
      return;
    }
    const e = parsed.event;
    if (e.type === 'session.updated' && !this.live) {
      this.live = true;
      clearTimeout(this.timer);
      this.hooks.onLive();
    } else if (e.type === 'error') {
      this.onServerError(e.error);
    }
    this.trackActivity(e.type);
    this.hooks.onEvent(e);
  }

  private onServerError(err: { code?: string | null; message: string; event_id?: string | null }): void {
    console.warn(`[hark] server error ${err.code ?? ''}: ${err.message}`);
    if (err.code === 'session_expired') this.end(sessionError('session-expired', 'The session reached its time limit.'));
    else if (!this.live && err.event_id === SESSION_UPDATE_ID) {
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

  /** Sends a client event; false when the channel is not open. */
  send(event: RealtimeClientEvent): boolean {
    if (this.dc?.readyState !== 'open') return false;
    this.dc.send(JSON.stringify(event));
    return true;
  }

  setMuted(muted: boolean): void {
    this.stream?.getAudioTracks().forEach((t) => (t.enabled = !muted));
  }

  private end(error: SessionError): void {
    if (this.closed) return;
    const kind = this.live ? 'dropped' : 'failed';
    this.close();
    this.hooks.onEnd(kind, error);
  }

  /** Idempotent; releases the microphone, the channel, the peer connection and the audio sink. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.grace);
    if (this.dc) this.dc.onclose = null;
    this.dc?.close();
    this.pc?.close();
    releaseMicrophone(this.stream);
    this.audio.srcObject = null;
  }
}
