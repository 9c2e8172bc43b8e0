// @vitest-environment node
/**
 * HTTP surface of the local Realtime server: auth, validation like the GA API, SDP exchange,
 * CORS, hangup, and the fault-injection control endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../server/realtime-server.mjs';
import { makeOffer, postJson } from './helpers';

type Server = Awaited<ReturnType<typeof createRealtimeServer>>;

describe('local realtime server: HTTP', () => {
  let keyed: Server; // requires sk-good
  let open: Server; // open mode
  let offer: string;

  beforeAll(async () => {
    [keyed, open, offer] = await Promise.all([
      createRealtimeServer({ apiKeys: ['sk-good-key-1234'] }),
      createRealtimeServer({ control: true }),
      makeOffer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([keyed?.close(), open?.close()]);
  });

  const secrets = (s: Server) => `${s.url}/v1/realtime/client_secrets`;

  it('rejects a wrong key with 401 invalid_api_key, masks it, and counts each request', async () => {
    const wrong = 'sk-abcdefghijklmnopyz';
    for (let i = 0; i < 3; i++) {
      const { res, json, text } = await postJson(secrets(keyed), { session: { type: 'realtime' } }, wrong);
      expect(res.status).toBe(401);
      expect(json!.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', param: null });
      expect(json!.error.message).toContain('sk-ab***yz');
      expect(text).not.toContain(wrong);
    }
    const missing = await postJson(secrets(keyed), { session: { type: 'realtime' } }, null);
    expect(missing.res.status).toBe(401);
    expect(missing.json!.error.message).toMatch(/didn't provide an API key/);
    expect(keyed.state.http.counts['POST /v1/realtime/client_secrets']).toEqual({ 401: 4 });

    const ok = await postJson(secrets(keyed), { session: { type: 'realtime' } }, 'sk-good-key-1234');
    expect(ok.res.status).toBe(200);
    expect(keyed.state.http.counts['POST /v1/realtime/client_secrets']).toEqual({ 200: 1, 401: 4 });
  });

  it('open mode mints without any key; response has the GA shape', async () => {
    const { res, json } = await postJson(
      secrets(open),
      {
        expires_after: { anchor: 'created_at', seconds: 60 },
        session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Page title: Docs', audio: { output: { voice: 'marin' } } },
      },
      null,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(json!.value).toMatch(/^ek_[0-9a-f]{32}$/);
    expect(json!.expires_at).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 58);
    expect(json!.session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      model: 'gpt-realtime',
      instructions: 'Page title: Docs',
      output_modalities: ['audio'],
      expires_at: 0,
      audio: { output: { voice: 'marin', speed: 1 }, input: { turn_detection: { type: 'server_vad' }, transcription: null } },
    });
    expect(json!.session.id).toMatch(/^sess_[0-9A-Za-z]{21}$/);
  });

  it('400s on beta-shaped sessions, missing type, bad JSON and bad expiry', async () => {
    const cases: [unknown, string, string | null][] = [
      [{ session: { type: 'realtime', voice: 'alloy' } }, 'unknown_parameter', 'session.voice'],
      [{ session: { type: 'realtime', modalities: ['audio', 'text'] } }, 'unknown_parameter', 'session.modalities'],
      [{ session: { type: 'realtime', turn_detection: { type: 'server_vad' } } }, 'unknown_parameter', 'session.turn_detection'],
      [{ session: { type: 'realtime', input_audio_transcription: { model: 'whisper-1' } } }, 'unknown_parameter', 'session.input_audio_transcription'],
      [{ session: { type: 'realtime', temperature: 0.8 } }, 'unknown_parameter', 'session.temperature'],
      [{ session: { model: 'gpt-realtime', voice: 'alloy' } }, 'missing_required_parameter', 'session.type'],
      [{ session: { type: 'realtime', audio: { input: { format: 'pcm16' } } } }, 'invalid_type', 'session.audio.input.format'],
      [{ expires_after: { anchor: 'created_at', seconds: 5 }, session: { type: 'realtime' } }, 'integer_below_min_value', 'expires_after.seconds'],
    ];
    for (const [body, code, param] of cases) {
      const { res, json } = await postJson(secrets(open), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(json!.error).toMatchObject({ type: 'invalid_request_error', code, param });
    }
    const garbage = await postJson(secrets(open), '{"session": ');
    expect(garbage.res.status).toBe(400);
    expect(garbage.json!.error.message).toMatch(/could not parse the JSON body/);
  });

  it('calls: 400 on wrong content type and garbage SDP, 401 on unknown ek', async () => {
    const key = (await postJson(secrets(open), { session: { type: 'realtime' } })).json!.value;
    const post = (body: string, type: string, bearer = key) =>
      fetch(`${open.url}/v1/realtime/calls`, { method: 'POST', headers: { 'Content-Type': type, Authorization: `Bearer ${bearer}` }, body });

    const wrongType = await post(offer, 'application/json');
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error.message).toMatch(/application\/sdp/);

    for (const garbage of ['hello world', 'v=0\r\ns=-\r\n', '']) {
      const res = await post(garbage, 'application/sdp');
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'invalid_offer', param: 'sdp' });
      expect(error.message).toMatch(/^Invalid SDP offer: /);
    }

    const unknown = await post(offer, 'application/sdp', 'ek_00000000000000000000000000000000');
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe('invalid_api_key');
    expect(open.state.calls).toHaveLength(0);
  });

  it('calls: 201 + Location + SDP answer for a real offer (ignoring ?model=), then hangup', async () => {
    const key = (await postJson(secrets(open), { session: { type: 'realtime' } })).json!.value;
    const res = await fetch(`${open.url}/v1/realtime/calls?model=gpt-realtime`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
      body: offer,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/sdp');
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/v1\/realtime\/calls\/rtc_[0-9a-f]{32}$/);
    expect(res.headers.get('access-control-expose-headers')).toContain('Location');
    const answer = await res.text();
    expect(answer).toMatch(/^v=0/);
    expect(answer).toMatch(/^m=audio .* UDP\/TLS\/RTP\/SAVPF/m);
    expect(answer).toMatch(/^a=rtpmap:\d+ OPUS\/48000\/2/im);
    expect(answer).toMatch(/^m=application .*webrtc-datachannel/m);
    expect(open.state.calls).toHaveLength(1);

    const id = location.split('/').pop()!;
    expect((await fetch(`${open.url}/v1/realtime/calls/${id}/hangup`, { method: 'POST' })).status).toBe(200);
    expect(open.state.calls[0]).toMatchObject({ id, closed: true, closedReason: 'hangup' });
    expect((await fetch(`${open.url}/v1/realtime/calls/rtc_nope/hangup`, { method: 'POST' })).status).toBe(404);
    expect(open.state.http.counts['POST /v1/realtime/calls/:id/hangup']).toEqual({ 200: 1, 404: 1 });
  });

  it('calls: accepts multipart sdp + session with a standard key', async () => {
    const form = new FormData();
    form.set('sdp', offer);
    form.set('session', JSON.stringify({ type: 'realtime', instructions: 'Page title: Multi' }));
    const post = (key: string) => fetch(`${keyed.url}/v1/realtime/calls`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: form });
    expect((await post('sk-wrong-key-0000')).status).toBe(401);
    const res = await post('sk-good-key-1234');
    expect(res.status).toBe(201);
    expect(await res.text()).toMatch(/^v=0/);
    const call = keyed.state.calls.at(-1);
    expect(call).toMatchObject({ auth: 'api_key', session: { instructions: 'Page title: Multi', object: 'realtime.session' } });
  });

  it('answers CORS preflight with 204 and the needed headers', async () => {
    const res = await fetch(`${open.url}/v1/realtime/calls`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Location/);
  });

  it('fail-next injects one failure per request, then recovers', async () => {
    const control = (path: string, body: unknown) => postJson(`${open.url}/_control/${path}`, body, null);
    expect((await control('fail-next', { path: 'client_secrets', status: 429, headers: { 'retry-after': '2' } })).res.status).toBe(200);
    expect((await control('fail-next', { path: 'calls', status: 500, count: 2 })).json).toMatchObject({ pending: { client_secrets: 1, calls: 2 } });

    const limited = await postJson(secrets(open), { session: { type: 'realtime' } });
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBe('2');
    expect(limited.json!.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    const key = (await postJson(secrets(open), { session: { type: 'realtime' } })).json!.value;

    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${open.url}/v1/realtime/calls`, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` }, body: offer });
      expect(res.status).toBe(500);
      expect((await res.json()).error.type).toBe('server_error');
    }
    const state = await (await fetch(`${open.url}/_control/state`)).json();
    expect(state.failNext).toEqual({ client_secrets: 0, calls: 0 });
    expect(state.http.counts['POST /v1/realtime/calls']['500']).toBe(2);
    expect(Object.keys(state.http.counts).some((k) => k.includes('_control'))).toBe(false);
  });

  it('scripted session problems: bad arguments are refused, and with no open call there is nothing to script', async () => {
    const control = (path: string, body: unknown) => postJson(`${open.url}/_control/${path}`, body, null);
    expect((await control('next-response', { status: 'completed' })).res.status).toBe(400);
    expect((await control('next-response', { status: 'failed', status_details: 'x' })).res.status).toBe(400);
    expect((await control('next-response', { status: 'incomplete' })).res.status).toBe(404);
    expect((await control('error', { message: 'no code' })).res.status).toBe(400);
    expect((await control('error', { code: 'server_error' })).res.status).toBe(404);
    expect((await control('hold', { on: 'yes' })).res.status).toBe(400);
    expect((await control('hold', { on: true })).json).toEqual({ held: [] });
  });

  it('answers unknown paths with the OpenAI 404 envelope and serves /healthz', async () => {
    const res = await fetch(`${open.url}/v1/nope`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: 'Invalid URL (POST /v1/nope)', type: 'invalid_request_error', param: null, code: null } });
    const health = await fetch(`${open.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });
});
