/**
 * Test doubles for the voice session: a scripted transport (the test plays the server and the
 * link) and a manual clock (timers run only when the test advances time).
 */
import type { RealtimeClientEvent } from '@/lib/realtime/protocol';
import type { SessionError } from '@/lib/errors';
import type { Transport, TransportEvents, VoiceClock } from '@/lib/voice/transport';
import { frame, type WireEvent } from '../fixtures/realtime-events';

export class ManualClock implements VoiceClock {
  private t = 1_000_000;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();

  now = (): number => this.t;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

export class ScriptedTransport implements Transport {
  events: TransportEvents | null = null;
  readonly sent: RealtimeClientEvent[] = [];
  channelOpen = false;
  closed = false;
  hungUp = false;
  micOpen = true;
  watching = false;
  probes = 0;

  async start(events: TransportEvents): Promise<void> {
    this.events = events;
  }

  get micLive(): boolean {
    return !this.closed;
  }

  /** The data channel opens (the session sends its `session.update` now). */
  open(): void {
    this.channelOpen = true;
    this.events?.open();
  }

  /** The server sends an event (or any raw frame). */
  server(e: WireEvent | string): void {
    if (!this.closed) this.events?.frame(typeof e === 'string' ? e : frame(e));
  }

  /** The link is lost (ICE failed, channel closed, …). */
  lose(error: SessionError): void {
    if (this.closed) return;
    this.closed = true;
    this.channelOpen = false;
    this.events?.lost(error);
  }

  send(event: RealtimeClientEvent): boolean {
    if (!this.channelOpen || this.closed) return false;
    this.sent.push(event);
    return true;
  }

  types(): string[] {
    return this.sent.map((e) => e.type);
  }

  setMicOpen(open: boolean): void {
    this.micOpen = open;
  }

  watchLiveness(): void {
    this.watching = true;
  }

  close(): void {
    this.closed = true;
    this.channelOpen = false;
  }

  async closeAndHangUp(): Promise<void> {
    this.close();
    this.hungUp = true;
  }
}
