// @ts-check
/**
 * The call's end of the `oai-events` data channel: sends server events (adding `event_id`),
 * and keeps the bounded logs of what went each way in the call's state (for tests and
 * `/_control/state`).
 *
 * Events emitted before the channel opens wait in an outbox, so `session.created` is always
 * the first event the client sees; after `close()` nothing is emitted.
 */
import { eventId } from './ids.mjs';

/** @typedef {Record<string, any>} Json */

/** Limits on what is kept in the logs per call, so a long session cannot eat memory. */
const MAX_LOGGED_EVENTS = 5000;
const MAX_LOGGED_EVENT_BYTES = 64 * 1024;

export class EventChannel {
  /**
   * @param {{
   *   dc: () => import('werift').RTCDataChannel | null,
   *   log: (line: string) => void,
   *   serverEvents: Json[],
   *   clientEvents: Json[],
   * }} opts
   */
  constructor(opts) {
    this.opts = opts;
    /** Whether the first event (`session.created`) has been sent. */
    this.opened = false;
    this.closed = false;
    this.stalled = false;
    /** @type {Json[]} events emitted before the data channel opened */
    this.outbox = [];
    /** @type {Json[] | null} events held back by a congested link (`hold`), sent on `release` */
    this.held = null;
  }

  /**
   * A congested link: events queue up instead of leaving (the server goes on working), so the
   * client acts on stale knowledge, e.g. asks for a reply while one it has not heard of runs.
   */
  hold() {
    this.held ??= [];
  }

  /** The link clears: everything held goes out, in order. */
  release() {
    const held = /** @type {Json[]} */ (this.held ?? []);
    this.held = null;
    for (const event of held) this.send(event);
  }

  /** The channel is open: sends `first`, then whatever waited. Only the first call counts. @param {Json} first */
  open(first) {
    if (this.opened) return;
    this.opened = true;
    this.send(first);
    const queued = this.outbox;
    this.outbox = [];
    for (const event of queued) this.send(event);
  }

  /** Sends a server event (adds `event_id`), or queues it until the channel opens. @param {Json} event */
  emit(event) {
    if (this.closed) return;
    const full = { type: event.type, event_id: eventId(), ...event };
    if (!this.opened) this.outbox.push(full);
    else this.send(full);
  }

  /** A hung server (`RealtimeCall.stall`): from now on nothing is sent or logged as sent. */
  stall() {
    this.stalled = true;
  }

  /** @param {Json} event */
  send(event) {
    if (this.stalled) return;
    if (this.held) return void this.held.push(event);
    logEvent(this.opts.serverEvents, event);
    const dc = this.opts.dc();
    if (!dc || dc.readyState !== 'open') return;
    try {
      dc.send(JSON.stringify(event));
    } catch (err) {
      this.opts.log(`send failed: ${String(err)}`);
    }
  }

  /**
   * An `error` event in the API's shape; `clientEventId` names the client event it answers.
   * @param {{ code: string, message: string, param?: string | null, type?: string }} err
   * @param {string | null | undefined} clientEventId
   */
  error(err, clientEventId) {
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

  /** Logs a client event; a large one only by its type and size. @param {Json} event @param {number} bytes */
  recordClientEvent(event, bytes) {
    logEvent(
      this.opts.clientEvents,
      bytes > MAX_LOGGED_EVENT_BYTES ? { type: event.type, event_id: event.event_id, _truncated: true, bytes } : event,
    );
  }

  close() {
    this.closed = true;
  }
}

/** @param {Json[]} list @param {Json} event */
function logEvent(list, event) {
  if (list.length >= MAX_LOGGED_EVENTS) list.shift();
  list.push(event);
}
