/**
 * One connection attempt's conversation-level state over a transport: configure the session when
 * the channel opens, call it live once the server has Hark's settings, parse every frame, follow
 * who is speaking, renew the session at a quiet moment before its time limit, and end exactly once.
 * The state is one discriminated union, so "live but closed" cannot be written down.
 */
import { sessionError, type SessionError } from '../errors';
import type { Logger } from '../log';
import { parseServerEvent, sessionUpdate, type ResponseParams, type RealtimeClientEvent, type RealtimeSessionCreateRequest } from '../realtime/protocol';
import type { EventOf, ServerEvent } from '../realtime/server-events';
import type { Activity } from '../session/machine';
import { ResponseGate } from '../session/response-gate';
import { PROBE_ID } from '../session/liveness';
import { isQuiet, rolloverDelay } from '../session/rollover';
import type { Transport, VoiceClock } from './transport';
import { t } from '../i18n';

export interface LinkHooks {
  onLive(): void;
  /** Every parsed server event, after the link's own handling. */
  onEvent(e: ServerEvent): void;
  onActivity(a: Activity): void;
  /** `failed`: never got live; `dropped`: was live (reason `session-expired`: a planned renewal). At most once. */
  onEnd(kind: 'failed' | 'dropped', error: SessionError): void;
}

/** Generous bound on the whole handshake; a healthy one takes well under a second. */
export const CONNECT_TIMEOUT_MS = 20_000;
export const SESSION_UPDATE_ID = 'hark_session_update';

type LinkState =
  | { phase: 'connecting'; timeout: unknown }
  | { phase: 'live'; activity: Activity; rolloverDue: boolean }
  | { phase: 'closed' };

export class Link {
  private state: LinkState = { phase: 'closed' };
  private rolloverTimer: unknown = null;
  /** Every `response.create` goes through it: the one place that knows whether a response is active. */
  readonly gate = new ResponseGate((e) => this.send(e));

  constructor(
    readonly transport: Transport,
    private readonly session: RealtimeSessionCreateRequest,
    private readonly hooks: LinkHooks,
    private readonly clock: VoiceClock,
    private readonly log: Logger,
  ) {}

  get phase(): LinkState['phase'] {
    return this.state.phase;
  }

  start(): void {
    const timeout = this.clock.setTimeout(() => this.end(sessionError('network', t('voice.connectTimeout'))), CONNECT_TIMEOUT_MS);
    this.state = { phase: 'connecting', timeout };
    this.transport
      .start({
        // Configure the session as soon as the channel opens (earlier audio would meet default instructions).
        open: () => this.send({ ...sessionUpdate(this.session), event_id: SESSION_UPDATE_ID }),
        frame: (raw) => this.receive(raw),
        lost: (error) => this.end(error),
      })
      .catch((e: unknown) => this.end(sessionError('internal', `Connection setup failed: ${String(e)}`)));
  }

  private receive(raw: unknown): void {
    if (this.state.phase === 'closed') return;
    const e = parseServerEvent(raw);
    if (e.type === 'malformed') {
      this.log.warn(`ignored a server event: ${e.reason}`);
      return;
    }
    // Shapes were checked by the parser; a handler that still trips over a hostile frame drops
    // that event, not the session.
    try {
      if (e.type === 'session.created') this.scheduleRollover(e.session.expires_at);
      if (this.state.phase === 'connecting' && (e.type === 'session.updated' || (e.type === 'session.created' && e.session.instructions === this.session.instructions))) {
        this.goLive();
      } else if (e.type === 'error') {
        this.onServerError(e.error);
      }
      this.gate.observe(e);
      this.trackActivity(e.type);
      this.hooks.onEvent(e);
      this.maybeRollOver();
    } catch (err) {
      const name = e.type === 'unknown' ? e.name : e.type;
      this.log.warn(`ignored a server event (${name.slice(0, 80)}) that could not be handled: ${String(err)}`);
    }
  }

  private goLive(): void {
    if (this.state.phase !== 'connecting') return;
    this.clock.clearTimeout(this.state.timeout);
    this.state = { phase: 'live', activity: 'listening', rolloverDue: false };
    this.transport.watchLiveness();
    this.hooks.onLive();
  }

  private onServerError(err: EventOf<'error'>['error']): void {
    // The liveness probe's expected answer (a missing item): the server is alive, nothing to log.
    if (err.event_id === PROBE_ID) return;
    this.log.warn(`server error ${err.code ?? ''}: ${err.message ?? ''}`);
    if (err.code === 'session_expired') this.end(sessionError('session-expired', t('voice.sessionLimit')));
    else if (err.event_id === SESSION_UPDATE_ID) this.end(sessionError('protocol', `The server refused the session settings: ${err.message ?? ''}`));
  }

  private trackActivity(type: string): void {
    if (this.state.phase !== 'live') return;
    const next: Activity | null =
      type === 'input_audio_buffer.speech_started'
        ? 'user-speaking'
        : type === 'output_audio_buffer.started'
          ? 'assistant-speaking'
          : type === 'input_audio_buffer.speech_stopped' || type === 'output_audio_buffer.stopped' || type === 'output_audio_buffer.cleared'
            ? 'listening'
            : null;
    if (next && next !== this.state.activity) {
      this.state.activity = next;
      this.hooks.onActivity(next);
    }
  }

  /** From `session.created`: when the time limit is near, renew at the next quiet moment. */
  private scheduleRollover(expiresAt: unknown): void {
    this.clock.clearTimeout(this.rolloverTimer);
    const delay = rolloverDelay(expiresAt, this.clock.now());
    if (delay == null) return;
    this.rolloverTimer = this.clock.setTimeout(() => {
      if (this.state.phase === 'live') this.state.rolloverDue = true;
      this.maybeRollOver();
    }, delay);
  }

  private maybeRollOver(): void {
    if (this.state.phase !== 'live' || !this.state.rolloverDue || !isQuiet(this.state.activity, this.gate.responding)) return;
    this.log.info('session time limit near: renewing it at a quiet moment');
    this.end(sessionError('session-expired', t('voice.sessionRenewed')));
  }

  /** Sends a client event; false when the channel is not open (or the link is closed). */
  send(event: RealtimeClientEvent): boolean {
    return this.state.phase !== 'closed' && this.transport.send(event);
  }

  /** Asks for a reply now, or as soon as the active one is done. False: the channel is not open. */
  requestResponse(): boolean {
    return this.gate.request();
  }

  /** A one-off reply with its own parameters (the greeting), only if no other reply is running or owed. */
  offerResponse(response: ResponseParams): boolean {
    return this.gate.offer(response);
  }

  setMuted(muted: boolean): void {
    this.transport.setMicOpen(!muted);
  }

  /** The link is gone (e.g. the browser went offline): end now instead of waiting for ICE. */
  drop(error: SessionError): void {
    this.end(error);
  }

  private end(error: SessionError): void {
    if (this.state.phase === 'closed') return;
    const kind = this.state.phase === 'live' ? 'dropped' : 'failed';
    this.close();
    this.hooks.onEnd(kind, error);
  }

  /** Idempotent; no hook is called after it. */
  close(): void {
    if (this.state.phase === 'connecting') this.clock.clearTimeout(this.state.timeout);
    this.state = { phase: 'closed' };
    this.clock.clearTimeout(this.rolloverTimer);
    this.transport.close();
  }

  async closeAndHangUp(maxWaitMs: number): Promise<void> {
    this.close();
    await this.transport.closeAndHangUp(maxWaitMs);
  }
}
