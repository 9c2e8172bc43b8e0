/**
 * Test helpers for the local Realtime server: a werift WebRTC client that behaves like the
 * extension's offscreen document (audio transceiver + "oai-events" data channel, raw SDP POST),
 * an event log with `waitFor`, and Opus audio generation.
 */
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import type { RTCDataChannel } from 'werift';
import { OpusDecoder, OpusEncoder, rms } from '../../server/opus-codec.mjs';

// biome-ignore lint/suspicious/noExplicitAny: server events read loosely in assertions
export type Json = Record<string, any>;

/** Collects server events; `waitFor` resolves on the first matching event at or after `from`. */
export class EventLog {
  events: Json[] = [];
  private waiters: { match: (e: Json) => boolean; from: number; resolve: (e: Json) => void }[] = [];

  push(event: Json) {
    this.events.push(event);
    const index = this.events.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (index < w.from || !w.match(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  types(from = 0) {
    return this.events.slice(from).map((e) => e.type);
  }

  /** Resolves with the first event of `type` (and matching `pred`) logged at index ≥ `from`. */
  waitFor(type: string, opts: { pred?: (e: Json) => boolean; from?: number; timeoutMs?: number } = {}): Promise<Json> {
    const { pred = () => true, from = 0, timeoutMs = 5000 } = opts;
    const match = (e: Json) => e.type === type && pred(e);
    const found = this.events.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${type}; got: ${this.types(from).join(', ')}`));
      }, timeoutMs);
      const done = (e: Json) => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ match, from, resolve: done });
    });
  }
}

export async function postJson(url: string, body: unknown, key: string | null = 'sk-test') {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: Json | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { res, text, json };
}

/** Mints an ephemeral key with the given session (GA shape). */
export async function mintKey(baseUrl: string, session: Json = { type: 'realtime' }, key = 'sk-test'): Promise<string> {
  const { res, json } = await postJson(`${baseUrl}/v1/realtime/client_secrets`, { session }, key);
  if (res.status !== 200 || !json) throw new Error(`client_secrets failed: ${res.status}`);
  return json.value;
}

/** An offer SDP from a throwaway werift peer (audio + data channel), like a browser's. */
export async function makeOffer(): Promise<string> {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
  pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' });
  pc.createDataChannel('oai-events');
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription!.sdp;
  await pc.close();
  return sdp;
}

export interface Client {
  pc: RTCPeerConnection;
  dc: RTCDataChannel;
  mic: MediaStreamTrack;
  events: EventLog;
  callId: string;
  /** Opus payloads received from the server, in arrival order. */
  received: { packets: number; bytes: number; payloads: Buffer[]; markers: number };
  send(event: Json): void;
  sendRaw(text: string): void;
  close(): Promise<void>;
}

/**
 * Connects like the extension does: transceiver + data channel, POST the offer as
 * application/sdp with the ephemeral key, apply the answer, wait for the channel to open.
 */
export async function connect(baseUrl: string, key: string): Promise<Client> {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
  const mic = new MediaStreamTrack({ kind: 'audio' });
  const transceiver = pc.addTransceiver(mic, { direction: 'sendrecv' });
  const received = { packets: 0, bytes: 0, payloads: [] as Buffer[], markers: 0 };
  transceiver.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((rtp) => {
      received.packets++;
      received.bytes += rtp.payload.length;
      if (rtp.header.marker) received.markers++;
      received.payloads.push(rtp.payload);
    }),
  );
  const dc = pc.createDataChannel('oai-events');
  const events = new EventLog();
  dc.onMessage.subscribe((m) => events.push(JSON.parse(m.toString())));
  const opened = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('data channel did not open')), 5000);
    dc.stateChanged.subscribe((s) => {
      if (s === 'open') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await pc.setLocalDescription(await pc.createOffer());
  const res = await fetch(`${baseUrl}/v1/realtime/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
    body: pc.localDescription!.sdp,
  });
  if (res.status !== 201) throw new Error(`calls failed: ${res.status} ${await res.text()}`);
  const callId = res.headers.get('location')!.split('/').pop()!;
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  await opened;
  return {
    pc,
    dc,
    mic,
    events,
    callId,
    received,
    send: (event) => dc.send(JSON.stringify(event)),
    sendRaw: (text) => dc.send(text),
    close: () => pc.close(),
  };
}

const FRAME_SAMPLES = 960;

/** 20 ms frames: a loud, voice-like buzz (≈ -15 dBFS) or digital silence. */
export function pcmFrames(kind: 'voice' | 'silence', ms: number): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let f = 0; f < Math.round(ms / 20); f++) {
    const frame = new Int16Array(FRAME_SAMPLES);
    if (kind === 'voice') {
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const t = (f * FRAME_SAMPLES + i) / 48000;
        frame[i] = Math.round(6000 * (Math.sin(2 * Math.PI * 180 * t) + 0.5 * Math.sin(2 * Math.PI * 360 * t)));
      }
    }
    frames.push(frame);
  }
  return frames;
}

/**
 * Sends PCM frames as Opus RTP on the client's mic track. The server's VAD runs on RTP
 * timestamps, so frames may go out faster than real time (`msPerFrame`) to keep tests short.
 */
export class AudioSender {
  private encoder = new OpusEncoder();
  private seq = 1000;
  private ts = 123456;

  constructor(private mic: MediaStreamTrack) {}

  async send(frames: Int16Array[], msPerFrame = 5) {
    for (const frame of frames) {
      const header = new RtpHeader({ payloadType: 111, sequenceNumber: this.seq, timestamp: this.ts, marker: false });
      this.mic.writeRtp(new RtpPacket(header, this.encoder.encode(frame)));
      this.seq = (this.seq + 1) & 0xffff;
      this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
      await new Promise((r) => setTimeout(r, msPerFrame));
    }
  }

  close() {
    this.encoder.close();
  }
}

/** Loudness (RMS, 0..1) of received Opus payloads, decoded. */
export function decodedLevel(payloads: Buffer[]): number {
  const decoder = new OpusDecoder();
  let sum = 0;
  let n = 0;
  for (const p of payloads) {
    const pcm = decoder.decode(p);
    const level = rms(pcm);
    sum += level * level * pcm.length;
    n += pcm.length;
  }
  decoder.close();
  return n ? Math.sqrt(sum / n) : 0;
}

/** Index of the first event of a type (and predicate) in a list of events. */
export function indexOf(events: Json[], type: string, pred: (e: Json) => boolean = () => true) {
  return events.findIndex((e) => e.type === type && pred(e));
}
