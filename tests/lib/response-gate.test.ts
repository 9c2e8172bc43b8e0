import { describe, expect, it } from 'vitest';
import { ACTIVE_RESPONSE, ResponseGate } from '@/lib/session/response-gate';
import { event, responseCreated, responseDone, serverError } from '../fixtures/realtime-events';

const created = event(responseCreated());
const done = event(responseDone());

function setup(open = true) {
  const sent: { type: string; event_id?: string }[] = [];
  const gate = new ResponseGate((e) => (open ? (sent.push(e as never), true) : false));
  const creates = () => sent.filter((e) => e.type === 'response.create').length;
  return { gate, sent, creates };
}

describe('ResponseGate', () => {
  it('asks at once when nothing is running', () => {
    const { gate, creates } = setup();
    expect(gate.request()).toBe(true);
    expect(creates()).toBe(1);
  });

  it('queues a request made during an active response and sends it once that response is done', () => {
    const { gate, creates } = setup();
    gate.observe(created);
    expect(gate.request()).toBe(true);
    expect(gate.request()).toBe(true);
    expect(creates()).toBe(0);
    expect(gate.queued).toBe(true);
    gate.observe(done);
    // Two requests while busy make one reply: it answers every turn added meanwhile.
    expect(creates()).toBe(1);
    expect(gate.queued).toBe(false);
  });

  it('a request while its own response.create is unanswered waits for that response', () => {
    const { gate, creates } = setup();
    gate.request();
    gate.request();
    expect(creates()).toBe(1);
    gate.observe(created);
    gate.observe(done);
    expect(creates()).toBe(2);
  });

  it('a cancelled (interrupted) response lets the queued request go', () => {
    const { gate, creates } = setup();
    gate.observe(created);
    gate.request();
    gate.observe(done); // status cancelled: done all the same
    expect(creates()).toBe(1);
  });

  it('when the refusal arrives anyway (server VAD started a response first), asks again after that response', () => {
    const { gate, sent, creates } = setup();
    gate.request();
    const id = sent[0]!.event_id;
    expect(id).toMatch(/^hark_response_/);
    gate.observe(created); // the server's own response, not ours
    gate.observe(event(serverError(ACTIVE_RESPONSE, 'refused', id ?? null)));
    expect(creates()).toBe(1);
    gate.observe(done);
    expect(creates()).toBe(2);
    expect(sent[1]!.event_id).not.toBe(id);
  });

  it('a refusal with no response in sight retries at once, a bounded number of times', () => {
    const { gate, sent, creates } = setup();
    gate.request();
    for (let i = 0; i < 5; i++) gate.observe(event(serverError(ACTIVE_RESPONSE, 'refused', sent.at(-1)!.event_id ?? null)));
    expect(creates()).toBe(3);
    gate.observe(created);
    gate.observe(done);
    expect(creates()).toBe(4);
  });

  it('another error answering our request frees the gate for the next one', () => {
    const { gate, sent, creates } = setup();
    gate.request();
    gate.observe(event(serverError('invalid_value', 'refused', sent[0]!.event_id ?? null)));
    gate.request();
    expect(creates()).toBe(2);
  });

  it('reports a closed channel', () => {
    const { gate } = setup(false);
    expect(gate.request()).toBe(false);
  });
});
