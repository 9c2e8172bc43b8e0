/**
 * Every microphone stream and peer connection this document ever opened, so a leak shows up:
 * the fault-injection tests ask (through `offscreen:getState`, or `harkDebug.media()` in the
 * document) how many microphone tracks are still live and how many peer connections are open.
 * Closed entries are forgotten as they are counted.
 */
const streams = new Set<MediaStream>();
const peers = new Set<RTCPeerConnection>();

export function registerStream(stream: MediaStream): MediaStream {
  streams.add(stream);
  return stream;
}

export function registerPeer(pc: RTCPeerConnection): RTCPeerConnection {
  peers.add(pc);
  return pc;
}

export interface MediaCounts {
  /** Microphone tracks whose readyState is still `live`. */
  liveTracks: number;
  /** Peer connections not closed yet. */
  openPeers: number;
}

export function mediaCounts(): MediaCounts {
  let liveTracks = 0;
  for (const s of streams) {
    const live = s.getTracks().filter((t) => t.readyState === 'live').length;
    if (live) liveTracks += live;
    else streams.delete(s);
  }
  let openPeers = 0;
  for (const pc of peers) {
    if (pc.signalingState === 'closed') peers.delete(pc);
    else openPeers++;
  }
  return { liveTracks, openPeers };
}

/** The microphone tracks that are live now (tests simulate an unplugged device with them). */
export function liveMicTracks(): MediaStreamTrack[] {
  return [...streams].flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live');
}
