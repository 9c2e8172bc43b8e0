// @vitest-environment node
/**
 * The hang-up decision (docs/realtime-events.md): the API reference documents
 * `calls/:id/hangup` for a standard API key only. With `strictHangup` the local server refuses the
 * ephemeral key there, as OpenAI may, and the call stays up (the client ends it by closing its
 * peer connection). HTTP only: the SDP exchange creates the call, no ICE is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { type Json, makeOffer, mintKey } from './helpers';

type Server = Awaited<ReturnType<typeof createRealtimeServer>>;

describe('hang-up with an ephemeral key (strictHangup)', () => {
  let server: Server;
  let offer: string;
  beforeAll(async () => {
    server = await createRealtimeServer({ strictHangup: true });
    offer = await makeOffer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const newCall = async (key: string) => {
    const res = await fetch(`${server.url}/v1/realtime/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
      body: offer,
    });
    expect(res.status).toBe(201);
    return res.headers.get('location')!.split('/').pop()!;
  };
  const hang = (id: string, token: string) =>
    fetch(`${server.url}/v1/realtime/calls/${id}/hangup`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const callState = (id: string) => server.state.calls.find((c: Json) => c.id === id);

  it('refuses the ephemeral key with 401 and leaves the call up; a standard key hangs up', async () => {
    const key = await mintKey(server.url);
    const id = await newCall(key);
    const refused = await hang(id, key);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).error.code).toBe('invalid_api_key');
    expect(callState(id)).toMatchObject({ closed: false });

    expect((await hang(id, 'sk-test')).status).toBe(200);
    expect(callState(id)).toMatchObject({ closed: true, closedReason: 'hangup' });
  });
});
