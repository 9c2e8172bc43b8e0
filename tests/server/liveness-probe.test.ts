// @vitest-environment node
/**
 * The liveness probe (lib/session/liveness.ts) against the strict local server: a valid GA client
 * event, answered by a small `error` that names it, that changes nothing in the session, and that
 * Hark neither shows nor counts as a problem. The old probe (a no-op `session.update`) made the
 * server echo the whole session, instructions included, every time it fired.
 */
import { describe, expect, it } from 'vitest';
import type { RealtimeClientEvent as SdkClientEvent } from 'openai/resources/realtime/realtime';
import { handleClientMessage } from '../../server/client-events.mjs';
import { Conversation } from '../../server/conversation.mjs';
import { LIVENESS_PROBE, PROBE_ID } from '@/lib/session/liveness';
import { noticeForEvent, serverErrorAction } from '@/lib/realtime/server-problems';

type Json = Record<string, unknown>;

function fakeCall() {
  const conversation = new Conversation();
  const call = {
    closed: false,
    conversation,
    errors: [] as Json[],
    emitted: [] as Json[],
    recordClientEvent() {},
    emitErrorEvent(err: Json, eventId: string | null) {
      call.errors.push({ type: 'error', error: { type: err.type ?? 'invalid_request_error', code: err.code, message: err.message, param: err.param ?? null, event_id: eventId } });
    },
    emit(e: Json) {
      call.emitted.push(e);
    },
  };
  return call;
}

describe('liveness probe', () => {
  it('is a GA client event the SDK types accept (a retrieve, no other fields)', () => {
    const typed: SdkClientEvent = LIVENESS_PROBE as SdkClientEvent;
    expect(typed).toEqual({ type: 'conversation.item.retrieve', item_id: PROBE_ID, event_id: PROBE_ID });
  });

  it('the strict server answers it with one small item_not_found error naming the probe, and nothing else', () => {
    const call = fakeCall();
    handleClientMessage(call as never, JSON.stringify(LIVENESS_PROBE));
    expect(call.emitted).toEqual([]);
    expect(call.errors).toHaveLength(1);
    const answer = call.errors[0]!;
    expect(answer.error).toMatchObject({ code: 'item_not_found', param: 'item_id', event_id: PROBE_ID });
    // A few hundred bytes each way, whatever the session holds (the old echo grew with the instructions).
    expect(JSON.stringify(LIVENESS_PROBE).length).toBeLessThan(120);
    expect(JSON.stringify({ ...answer, event_id: 'event_0123456789abcdefghij' }).length).toBeLessThan(400);
  });

  it('its answer is silent: no transcript line, not treated as a problem', () => {
    const error = { type: 'invalid_request_error', code: 'item_not_found', message: `Item with item_id '${PROBE_ID}' not found.`, param: 'item_id', event_id: PROBE_ID };
    expect(noticeForEvent({ type: 'error', error })).toBeNull();
    expect(serverErrorAction(error)).toEqual({ kind: 'silent' });
    // Even a server that answers it some other way (any error) says nothing to the user.
    expect(noticeForEvent({ type: 'error', error: { code: 'invalid_value', message: 'x', event_id: PROBE_ID } })).toBeNull();
  });
});
