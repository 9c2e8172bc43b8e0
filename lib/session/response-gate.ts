/**
 * Asks the server for a reply (`response.create`) only when it can start one. The Realtime API
 * allows one active response per conversation and refuses a second `response.create` with
 * `conversation_already_has_active_response`: a question typed while the assistant was still
 * answering was never answered.
 *
 * Product choice: QUEUE, not interrupt. The typed message is added to the conversation at once
 * (`conversation.item.create` is accepted during a response); the reply to it is asked for as
 * soon as the current one is done. The user keeps hearing the answer they asked for before,
 * and the next reply sees both turns. Whoever wants the assistant to stop has the interrupt
 * button (or just talks over it), and a cancelled response is "done" too: the queued request
 * goes out right after it.
 *
 * The refusal can still arrive: the server may have started a response (server VAD) whose
 * `response.created` was still on its way when Hark asked. Then the request is made again once
 * that response is done. Several requests while one is pending make one reply, which answers
 * every turn added meanwhile.
 */
import type { RealtimeClientEvent, ResponseParams, ServerEvent } from '../realtime/protocol';

/** Prefix of the `event_id` of every `response.create` Hark sends (errors name it back). */
export const RESPONSE_CREATE_ID = 'hark_response_';
export const ACTIVE_RESPONSE = 'conversation_already_has_active_response';

/** A refusal met with no response in sight is retried at once, but not forever. */
const MAX_IMMEDIATE_RETRIES = 2;

export class ResponseGate {
  /** The server has a response in progress (`response.created` seen, no `response.done` yet). */
  private active = false;
  /** A `response.create` was sent and neither `response.created` nor an error answered it yet. */
  private requested = false;
  /** A reply is owed once the active response is done. */
  private wanted = false;
  private retries = 0;
  private seq = 0;
  /** The `event_id` of the last one-off reply offered (`offer`): refused, it is dropped, not retried. */
  private offered: string | null = null;

  constructor(private readonly send: (e: RealtimeClientEvent) => boolean) {}

  /** The user asked something that needs an answer. False: the channel is not open. */
  request(): boolean {
    if (this.active || this.requested) {
      this.wanted = true;
      return true;
    }
    return this.fire();
  }

  /** The server is generating a reply: the one place the connection learns it (rollover waits for quiet). */
  get responding(): boolean {
    return this.active;
  }

  /** True while a reply is queued behind the active response. */
  get queued(): boolean {
    return this.wanted;
  }

  /**
   * A one-off reply with its own parameters (the greeting's instructions). Sent only when no
   * reply is running, asked for or owed; never queued or retried: a reply already coming (the
   * user spoke first) makes it moot, and a plain retry would lose its parameters. False: not sent.
   */
  offer(response: ResponseParams): boolean {
    if (this.active || this.requested || this.wanted) return false;
    const id = `${RESPONSE_CREATE_ID}${++this.seq}`;
    this.requested = this.send({ type: 'response.create', event_id: id, response });
    this.offered = this.requested ? id : null;
    return this.requested;
  }

  private fire(): boolean {
    this.wanted = false;
    this.requested = this.send({ type: 'response.create', event_id: `${RESPONSE_CREATE_ID}${++this.seq}` });
    return this.requested;
  }

  /** Every server event, in order. */
  observe(e: ServerEvent): void {
    if (e.type === 'response.created') {
      this.active = true;
      this.requested = false;
      this.retries = 0;
    } else if (e.type === 'response.done') {
      this.active = false;
      if (this.wanted && !this.requested) this.fire();
    } else if (e.type === 'error') {
      const ours = typeof e.error.event_id === 'string' && e.error.event_id.startsWith(RESPONSE_CREATE_ID);
      if (ours) this.requested = false;
      if (e.error.code !== ACTIVE_RESPONSE) return;
      // An offered reply refused because another one is running: that one answers; nothing is owed.
      if (ours && e.error.event_id === this.offered) return;
      // Refused: some response is running even if its `response.created` has not reached us.
      this.wanted = true;
      if (!this.active && this.retries < MAX_IMMEDIATE_RETRIES) {
        this.retries++;
        this.fire();
      }
    }
  }
}
