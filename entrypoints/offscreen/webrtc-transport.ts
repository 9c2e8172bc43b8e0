/**
 * The WebRTC transport (lib/voice/transport.ts): microphone track out, assistant audio in, the
 * `oai-events` data channel, the microphone swap when a device is unplugged, and the liveness
 * watch; the SDP exchange and its hangup are the call's (call.ts). Conversation state lives in lib/voice; this file only
 * carries frames and says when the link is up or gone.
 */
import type { ConnectRequest } from '@/lib/protocol/messages';
import type { RealtimeClientEvent } from '@/lib/realtime/protocol';
import { sessionError, type SessionError } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import type { Transport, TransportEvents } from '@/lib/voice/transport';
import { openMicrophone, releaseMicrophone } from './microphone';
import { registerPeer } from './media-registry';
import { LivenessWatch, PROBE } from './liveness-watch';
import { connectMarks } from './marks';
import { Call } from './call';
import { sharedRead } from '@/lib/shared-read';
import { statsCadence } from './stats-cadence';
import { followChosenSpeaker, type Notice } from './speaker';
import { t } from '@/lib/i18n';

const log = createLogger('offscreen');
/**
 * Telemetry always reads anew (every 200 ms while a panel watches and the levels come from the
 * reports, every second otherwise); the liveness watch (every 500 ms) takes the latest report while it is this recent.
 */
const STATS_SHARE_MS = 150;
const UNWATCHED_SHARE_MS = 950;
/** `disconnected` is often a blip that heals by itself; `failed` is final. */
const DISCONNECTED_GRACE_MS = 3_000;

/** Where the link is. Each phase holds exactly what exists in it, so nothing is "maybe null". */
type LinkPhase =
  | { kind: 'idle' }
  | { kind: 'opening-mic' }
  | { kind: 'up'; pc: RTCPeerConnection; dc: RTCDataChannel; sender: RTCRtpSender | null; stream: MediaStream }
  | { kind: 'closed' };

export class WebRtcTransport implements Transport {
  private phase: LinkPhase = { kind: 'idle' };
  private events: TransportEvents | null = null;
  /** Whether microphone audio should be sent (mute and push-to-talk close it). */
  private micOpen = true;
  private grace: ReturnType<typeof setTimeout> | undefined;
  private liveness: LivenessWatch | null = null;
  private readonly call: Call;
  private unwatchSpeaker = () => {};

  constructor(
    private readonly req: ConnectRequest,
    private readonly audio: HTMLAudioElement,
    /** Adds a line to the transcript (a chosen device is missing and the default is used). */
    private readonly notice: Notice = () => {},
  ) {
    this.call = new Call(req);
  }

  /** The chosen microphone (lib/audio/devices.ts); '' = the default. */
  private get micId(): string {
    return this.req.prefs?.devices?.micDeviceId ?? '';
  }

  private micFellBack(key: 'devices.micMissing' | 'devices.micLost'): void {
    const device = this.req.prefs?.devices?.micLabel || t('devices.chosenMic');
    this.notice(`mic-${Date.now()}`, t(key, { device }));
  }

  /** Read through a getter: the phase changes across awaits, which narrowing cannot see. */
  private get closed(): boolean {
    return this.phase.kind === 'closed';
  }

  get micLive(): boolean {
    return this.phase.kind === 'up' && this.phase.stream.getAudioTracks().some((t) => t.readyState === 'live');
  }

  get probes(): number {
    return this.liveness?.probes ?? 0;
  }

  /** The peer connection, for `getStats()` (connection quality and levels). */
  get peer(): RTCPeerConnection | null {
    return this.phase.kind === 'up' ? this.phase.pc : null;
  }

  async start(events: TransportEvents): Promise<void> {
    this.events = events;
    this.phase = { kind: 'opening-mic' };
    const mic = await openMicrophone(this.micId);
    if (!mic.ok) return void this.lost(mic.error);
    connectMarks.mark('micOpen');
    if (this.closed) return releaseMicrophone(mic.stream);
    if (mic.fellBack) this.micFellBack('devices.micMissing');
    this.unwatchSpeaker = followChosenSpeaker(this.audio, this.req.prefs?.devices, this.notice);
    this.watchMicrophone(mic.stream);

    const pc = registerPeer(new RTCPeerConnection());
    // Telemetry and the liveness watch both call getStats(); a whole report each time is Blink
    // garbage the renderer holds until its next GC (bench/memory.mjs), so they share recent reads.
    const fullReport = sharedRead(
      () => RTCPeerConnection.prototype.getStats.call(pc),
      () => (statsCadence.fast(performance.now()) ? STATS_SHARE_MS : UNWATCHED_SHARE_MS),
      () => performance.now(),
    );
    pc.getStats = ((selector?: MediaStreamTrack | null) => (selector ? RTCPeerConnection.prototype.getStats.call(pc, selector) : fullReport())) as RTCPeerConnection['getStats'];
    pc.ontrack = (e) => {
      this.audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      // Autoplay is allowed in offscreen documents; a failure here only loses sound.
      this.audio.play().catch(() => {});
    };
    pc.onconnectionstatechange = () => {
      const lost = () => this.lost(sessionError('network', t('rtc.lost')));
      clearTimeout(this.grace);
      if (pc.connectionState === 'failed') lost();
      else if (pc.connectionState === 'disconnected') this.grace = setTimeout(lost, DISCONNECTED_GRACE_MS);
    };
    let sender: RTCRtpSender | null = null;
    for (const track of mic.stream.getAudioTracks()) sender = pc.addTrack(track, mic.stream);
    const dc = pc.createDataChannel('oai-events');
    this.phase = { kind: 'up', pc, dc, sender, stream: mic.stream };
    this.applyMic();
    dc.onopen = () => {
      connectMarks.mark('channelOpen');
      events.open();
    };
    dc.onclose = () => this.lost(sessionError('network', t('rtc.closed')));
    dc.onmessage = (m) => {
      if (this.phase.kind === 'closed') return;
      this.liveness?.heard();
      events.frame(m.data);
    };

    await pc.setLocalDescription(await pc.createOffer());
    // Stopped while the offer was being made: post no offer. The stop did not wait for one (there
    // was no call yet), so a call created now could outlive this document, never hung up.
    if (this.closed) return;
    connectMarks.mark('offerCreated');
    const answer = await this.call.exchange(pc.localDescription?.sdp ?? '', () => this.closed);
    if (answer && !answer.ok) return this.lost(answer.error);
    if (!answer || this.closed) return;
    connectMarks.mark('answerReceived');
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    } catch {
      this.lost(sessionError('protocol', t('rtc.badSdp')));
    }
  }

  watchLiveness(): void {
    if (this.phase.kind !== 'up' || this.liveness) return;
    this.liveness = new LivenessWatch(this.phase.pc, {
      probe: () => this.send(PROBE),
      dead: (silentMs) => {
        log.warn(`the Realtime server stopped answering (nothing for ${Math.round(silentMs)} ms, probe included)`);
        this.lost(sessionError('network', t('rtc.stopped')));
      },
    });
    this.liveness.start();
  }

  /**
   * A microphone that ends by itself was unplugged (or taken away by the system). Switch to the
   * default microphone, if there is one; else end with a message that says what to do.
   */
  private watchMicrophone(stream: MediaStream): void {
    for (const track of stream.getAudioTracks()) track.addEventListener('ended', () => void this.onMicrophoneEnded(track), { once: true });
  }

  private async onMicrophoneEnded(track: MediaStreamTrack): Promise<void> {
    if (this.phase.kind !== 'up' || !this.phase.stream.getAudioTracks().includes(track)) return;
    log.warn('the microphone stopped (unplugged?); trying it again, else the default one');
    const mic = await openMicrophone(this.micId);
    if (this.phase.kind !== 'up') {
      if (mic.ok) releaseMicrophone(mic.stream);
      return;
    }
    if (!mic.ok) return void this.lost({ ...mic.error, message: t('rtc.micDisconnected', { detail: mic.error.message }) });
    if (mic.fellBack) this.micFellBack('devices.micLost');
    releaseMicrophone(this.phase.stream);
    this.phase.stream = mic.stream;
    this.watchMicrophone(mic.stream);
    this.applyMic();
  }

  send(event: RealtimeClientEvent): boolean {
    if (this.phase.kind !== 'up' || this.phase.dc.readyState !== 'open') return false;
    this.phase.dc.send(JSON.stringify(event));
    this.liveness?.sent();
    return true;
  }

  setMicOpen(open: boolean): void {
    this.micOpen = open;
    this.applyMic();
  }

  /** A disabled track still sends ~50 packets/s of silence, so a closed mic is also detached from the sender. */
  private applyMic(): void {
    if (this.phase.kind !== 'up') return;
    const track = this.phase.stream.getAudioTracks()[0] ?? null;
    if (track) track.enabled = this.micOpen;
    if (this.phase.sender && this.phase.pc.signalingState !== 'closed') {
      this.phase.sender.replaceTrack(this.micOpen ? track : null).catch((e: unknown) => log.warn('replaceTrack', e));
    }
  }

  private lost(error: SessionError): void {
    if (this.phase.kind === 'closed') return;
    this.close();
    this.events?.lost(error);
  }

  async closeAndHangUp(maxWaitMs: number): Promise<void> {
    this.close();
    await this.call.settle(maxWaitMs);
  }

  close(): void {
    const was = this.phase;
    if (was.kind === 'closed') return;
    this.phase = { kind: 'closed' };
    clearTimeout(this.grace);
    this.liveness?.stop();
    this.unwatchSpeaker();
    // A connected peer connection's close is the documented hang-up (docs/realtime-events.md); the
    // request, which may be refused for an ephemeral key, only matters for a call never connected.
    if (was.kind !== 'up' || was.pc.connectionState !== 'connected') this.call.hangUp();
    if (was.kind === 'up') {
      was.dc.onclose = null;
      was.dc.close();
      was.pc.close();
      releaseMicrophone(was.stream);
    }
    this.audio.srcObject = null;
  }
}
