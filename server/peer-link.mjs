// @ts-check
/**
 * The werift side of one call: the peer connection with its Opus transceiver and its data
 * channel, SDP negotiation, connection-state handling, and hanging up so that the client
 * notices at once. What happens on the connection is reported to the call through `PeerHost`
 * callbacks, each run through `guard()`: nothing a client sends may crash the server.
 */
import { MediaStreamTrack, RTCPeerConnection, useOPUS } from 'werift';

/**
 * What the peer link needs from its call.
 * @typedef {{
 *   guard: (fn: () => void) => void,
 *   setTimer: (fn: () => void, ms: number) => NodeJS.Timeout,
 *   log: (line: string) => void,
 *   state: { connectionState: string, dataChannel: { label: string | null, state: string } },
 *   onRtp: (rtp: import('werift').RtpPacket) => void,
 *   onMessage: (msg: string | Buffer) => void,
 *   onChannelOpen: () => void,
 *   onConnected: () => void,
 *   onEnded: (reason: string) => void,
 * }} PeerHost
 */

/** We advertise a large SCTP max-message-size so that oversized events reach us and get a proper `error`. */
const ADVERTISED_MAX_MESSAGE = 4 * 1024 * 1024;
/** werift's SCTP receive window is 1 MiB, which cannot reassemble a larger message (it stalls). */
const SCTP_RECEIVE_WINDOW = 8 * 1024 * 1024;
const DISCONNECTED_GRACE_MS = 30_000;
/** Time for the data channel's close to reach the client before the peer connection goes. */
const CLOSE_NOTIFY_MS = 100;

export class PeerLink {
  /** @param {PeerHost} host */
  constructor(host) {
    this.host = host;
    /** @type {import('werift').RTCRtpTransceiver | null} */
    this.transceiver = null;
    /** @type {MediaStreamTrack | null} the assistant's audio */
    this.outTrack = null;
    /** @type {import('werift').RTCDataChannel | null} */
    this.dc = null;
    /** @type {NodeJS.Timeout | null} */
    this.disconnectTimer = null;
    this.everConnected = false;
    this.pc = new RTCPeerConnection({
      iceServers: [], // the default is a Google STUN server, unreachable offline
      iceAdditionalHostAddresses: ['127.0.0.1'], // werift skips loopback otherwise (loopback-only CI)
      // Only Opus (what the real API answers first), with the fmtp Chrome offers.
      codecs: { audio: [useOPUS({ parameters: 'minptime=10;useinbandfec=1' })] },
      maxMessageSize: ADVERTISED_MAX_MESSAGE,
    });
    this.wire();
  }

  /** @returns {number | null} */
  opusPayloadType() {
    const codec = this.transceiver?.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
    return codec?.payloadType ?? null;
  }

  wire() {
    const { pc, host } = this;
    pc.onTransceiverAdded.subscribe((tr) =>
      host.guard(() => {
        if (tr.kind !== 'audio' || this.transceiver) return;
        this.transceiver = tr;
        this.outTrack = new MediaStreamTrack({ kind: 'audio' });
        tr.setDirection('sendrecv');
        tr.sender.replaceTrack(this.outTrack);
        tr.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => host.guard(() => host.onRtp(rtp))));
      }),
    );
    pc.onDataChannel.subscribe((dc) =>
      host.guard(() => {
        if (this.dc) {
          host.log(`ignoring extra data channel "${dc.label}"`);
          return;
        }
        this.dc = dc;
        host.state.dataChannel = { label: dc.label, state: dc.readyState };
        dc.stateChanged.subscribe((s) =>
          host.guard(() => {
            host.state.dataChannel.state = s;
            if (s === 'open') host.onChannelOpen();
            if (s === 'closed') host.onEnded('datachannel_closed');
          }),
        );
        dc.onMessage.subscribe((msg) => host.guard(() => host.onMessage(msg)));
        if (dc.readyState === 'open') host.onChannelOpen();
      }),
    );
    pc.connectionStateChange.subscribe((s) =>
      host.guard(() => {
        host.state.connectionState = s;
        if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
        this.disconnectTimer = null;
        if (s === 'connected') {
          this.everConnected = true;
          host.onConnected();
        }
        // `disconnected` is transient (protocol doc §9.3); give it time before giving up.
        if (s === 'disconnected') this.disconnectTimer = host.setTimer(() => host.onEnded('disconnected'), DISCONNECTED_GRACE_MS);
        if (s === 'failed' || s === 'closed') host.onEnded(s === 'failed' ? 'connection_failed' : 'peer_closed');
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

  /**
   * Closes the connection; resolves when werift has finished.
   *
   * werift's `pc.close()` stops DTLS before SCTP, so its SCTP ABORT never leaves and the peer
   * notices nothing until ICE times out. A normal end therefore first closes the data channel
   * (an SCTP stream reset the client sees at once) and closes the peer connection a moment
   * later; `silent` skips that, to simulate a network drop.
   * @param {{ silent?: boolean }} [opts] @returns {Promise<void>}
   */
  hangUp(opts = {}) {
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    const dc = this.dc;
    const notify = !opts.silent && dc?.readyState === 'open';
    if (notify && dc) {
      try {
        dc.close();
      } catch {
        // already closing
      }
    }
    const closePc = () => this.pc.close().catch((err) => this.host.log(`close failed: ${String(err)}`));
    return notify ? new Promise((resolve) => setTimeout(resolve, CLOSE_NOTIFY_MS)).then(closePc) : closePc();
  }
}
