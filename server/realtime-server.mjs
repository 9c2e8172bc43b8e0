// @ts-check
/**
 * A local stand-in for the OpenAI Realtime API (GA) over WebRTC, for developing and testing Hark
 * without network access or cost. It implements the parts Hark uses, as the real API behaves
 * (protocol doc §6 and §10), with deterministic replies (see reply-text.mjs):
 *
 *   POST /v1/realtime/client_secrets      mint an ephemeral key (ek_…) bound to a session config
 *   POST /v1/realtime/calls               SDP offer → 201 + SDP answer + Location (?model= ignored)
 *   POST /v1/realtime/calls/:id/hangup    end a call
 *   GET  /healthz                         liveness
 *   /_control/*                           test control API (control-api.mjs), only with `control: true`
 *                                         (who may call it: control-guard.mjs)
 *
 * Usage: `const server = await createRealtimeServer({ port: 0, control: true })`, point the client at
 * `server.url`, inspect `server.state`, then `await server.close()`.
 */
import { createServer } from 'node:http';
import { FAILABLE_PATHS, defaultFailureBody, handleControl } from './control-api.mjs';
import { controlHosts, guardControl } from './control-guard.mjs';
import { callId as newCallId, sessionId as newSessionId } from './ids.mjs';
import {
  HttpError, bearerToken, listen, mediaType, parseJsonBody, parseMultipart, readBody, send, sendError, sendJson, withoutCors,
} from './http-util.mjs';
import { KeyStore, redactKey } from './keys.mjs';
import { RealtimeCall } from './realtime-call.mjs';
import { DEFAULT_WORD_MS } from './tone-synth.mjs';
import {
  defaultSession, firstUnknownKey, isObject, mergeSession, publicSession, validateSession,
} from './session-config.mjs';

/** @typedef {Record<string, any>} Json */
/**
 * @typedef {{
 *   port?: number,
 *   host?: string,
 *   apiKeys?: string[],
 *   control?: boolean,
 *   maxSessionMs?: number,
 *   strictHangup?: boolean,
 *   transcript?: (info: import('./realtime-call.mjs').TranscriptInfo) => string,
 *   timing?: { deltaMs?: number, wordMs?: number },
 *   log?: (line: string) => void,
 * }} RealtimeServerOptions
 *
 * - apiKeys: standard keys accepted by client_secrets (and calls/hangup); empty = open mode,
 *   where any key or none is accepted for minting.
 * - control: serve the test control API `/_control/*` (default off: it can read and steer every
 *   call). With apiKeys set it also needs one of them as a bearer token.
 * - strictHangup: `calls/:id/hangup` only with a standard API key, as the API reference documents
 *   it (an ephemeral key gets 401 even in open mode), to prove a client does not depend on it.
 * - maxSessionMs: after this, `error` session_expired and the call closes (default 60 min).
 * - transcript: what the user "said" in a voice turn (default `(spoken audio, 2.4 s)`).
 * - timing: deltaMs between transcript deltas (default 10), wordMs of audio per word (default 180).
 */
/**
 * @typedef {{ url: string, port: number, close: () => Promise<void>, state: Json }} RealtimeServer
 */

const SECRET_BODY_LIMIT = 1024 * 1024;
const SDP_BODY_LIMIT = 256 * 1024;
const HTTP_LOG_LIMIT = 500;

/**
 * @param {RealtimeServerOptions} [options]
 * @returns {Promise<RealtimeServer>}
 */
export async function createRealtimeServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const maxSessionMs = options.maxSessionMs ?? 60 * 60 * 1000;
  const timing = { deltaMs: options.timing?.deltaMs ?? 10, wordMs: options.timing?.wordMs ?? DEFAULT_WORD_MS };
  const log = options.log ?? (() => {});
  const keys = new KeyStore(options.apiKeys);
  /** @type {Map<string, RealtimeCall>} */
  const calls = new Map();
  /** @type {Record<string, import('./control-api.mjs').InjectedFailure[]>} */
  const failNext = Object.fromEntries(FAILABLE_PATHS.map((p) => [p, []]));

  /** Inspectable from tests in-process, or as JSON via GET /_control/state. */
  const state = {
    url: '',
    openMode: keys.openMode,
    startedAt: new Date().toISOString(),
    /** Requests per "METHOD /route" and status, e.g. counts['POST /v1/realtime/calls']['201']. */
    http: { counts: /** @type {Record<string, Record<string, number>>} */ ({}), log: /** @type {Json[]} */ ([]) },
    /** Minted keys; `value` is redacted (`ek_01234567…`): this state is served over HTTP. @type {{ value: string, sessionId: string, createdAt: string, expiresAt: number }[]} */
    clientSecrets: [],
    /** One entry per call (RealtimeCall.state), in creation order. @type {Json[]} */
    calls: [],
    /** Injected failures still pending, per path. */
    failNext: /** @type {Record<string, number>} */ ({}),
  };
  const syncFailNext = () => {
    state.failNext = Object.fromEntries(Object.entries(failNext).map(([p, list]) => [p, list.length]));
  };
  syncFailNext();

  const reset = () => {
    for (const call of calls.values()) call.close('reset');
    calls.clear();
    keys.ephemeral.clear();
    for (const list of Object.values(failNext)) list.length = 0;
    state.http.counts = {};
    state.http.log = [];
    state.clientSecrets = [];
    state.calls = [];
    syncFailNext();
  };

  /** @param {string} method @param {string} route @param {number} status */
  const count = (method, route, status) => {
    const key = `${method} ${route}`;
    const byStatus = (state.http.counts[key] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (state.http.log.length >= HTTP_LOG_LIMIT) state.http.log.shift();
    state.http.log.push({ at: new Date().toISOString(), method, route, status });
  };

  // ---- handlers ---------------------------------------------------------------------------

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function clientSecrets(req, res) {
    keys.requireApiKey(bearerToken(req));
    const body = parseJsonBody(await readBody(req, SECRET_BODY_LIMIT));
    if (!isObject(body)) throw new HttpError(400, { message: 'The request body must be a JSON object.', code: 'invalid_type' });
    const unknown = firstUnknownKey(body, '', ['expires_after', 'session']);
    if (unknown) throw new HttpError(400, unknown);
    const seconds = expirySeconds(body.expires_after);
    const requested = body.session ?? { type: 'realtime' };
    const invalid = validateSession(requested, 'session');
    if (invalid) throw new HttpError(400, invalid);
    const session = mergeSession(defaultSession(), requested);
    const key = keys.mint(session, newSessionId(), seconds);
    const expiresAt = Math.floor(key.expiresAtMs / 1000);
    state.clientSecrets.push({ value: redactKey(key.value), sessionId: key.sessionId, createdAt: new Date(key.createdAt).toISOString(), expiresAt });
    sendJson(res, 200, { value: key.value, expires_at: expiresAt, session: publicSession(session, { id: key.sessionId, expiresAt: 0 }) });
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function createCall(req, res) {
    const auth = keys.authorizeCall(bearerToken(req));
    const type = mediaType(req.headers['content-type']);
    const body = await readBody(req, SDP_BODY_LIMIT);
    /** @type {string | undefined} */
    let sdp;
    /** @type {string | undefined} */
    let sessionPart;
    if (type === 'application/sdp') {
      sdp = body.toString('utf8');
    } else if (type === 'multipart/form-data') {
      const parts = parseMultipart(body, String(req.headers['content-type']));
      sdp = parts.get('sdp');
      sessionPart = parts.get('session');
      if (sdp === undefined) throw new HttpError(400, { message: "Missing required parameter: 'sdp'.", param: 'sdp', code: 'missing_required_parameter' });
    } else {
      throw new HttpError(400, {
        message: `Unsupported Content-Type '${type || '(none)'}'. Send the SDP offer as 'application/sdp', or as multipart/form-data with an 'sdp' part.`,
        code: 'unsupported_content_type',
      });
    }
    checkOffer(sdp);

    let session = auth.kind === 'ephemeral' ? auth.key.session : defaultSession();
    if (sessionPart !== undefined) {
      let requested;
      try {
        requested = JSON.parse(sessionPart);
      } catch {
        throw new HttpError(400, { message: "The 'session' part is not valid JSON.", param: 'session', code: 'invalid_json' });
      }
      const invalid = validateSession(requested, 'session');
      if (invalid) throw new HttpError(400, invalid);
      session = mergeSession(session, requested);
    }

    const call = new RealtimeCall({
      id: newCallId(),
      sessionId: auth.kind === 'ephemeral' ? auth.key.sessionId : newSessionId(),
      session,
      auth: auth.kind,
      maxSessionMs,
      timing,
      transcript: options.transcript,
      log,
    });
    let answer;
    try {
      answer = await call.negotiate(sdp);
    } catch (err) {
      call.close('invalid_offer');
      throw new HttpError(400, {
        message: `The SDP offer could not be applied: ${err instanceof Error ? err.message : String(err)}`,
        param: 'sdp',
        code: 'invalid_offer',
      });
    }
    if (closed) {
      // The server is shutting down: this call would be left behind.
      call.close('server_closed');
      throw new HttpError(503, { message: 'The server is shutting down.', type: 'server_error' });
    }
    calls.set(call.id, call);
    state.calls.push(call.state);
    log(`[${call.id}] call created (${auth.kind})`);
    send(res, 201, answer, { 'Content-Type': 'application/sdp', Location: `/v1/realtime/calls/${call.id}` });
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string} id
   */
  async function hangup(req, res, id) {
    const token = bearerToken(req);
    if (options.strictHangup && (!token || token.startsWith('ek_'))) {
      throw new HttpError(401, { message: 'Hanging up a call needs a standard API key; ephemeral keys are not accepted here.', code: 'invalid_api_key' });
    }
    if (!keys.openMode && !keys.ephemeral.has(token ?? '')) keys.requireApiKey(token);
    const call = calls.get(id);
    if (!call) throw new HttpError(404, { message: `Call not found: ${id}`, code: 'not_found' });
    call.close('hangup');
    send(res, 200, '');
  }

  // ---- routing ----------------------------------------------------------------------------

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function route(req, res) {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/\/+$/, '') || '/';
    if (path === '/_control' || path.startsWith('/_control/')) {
      withoutCors(res);
      guardControl(controlPolicy, req, path);
      return handleControl({ state, calls, failNext, reset }, req, res, path);
    }

    const hangupMatch = /^\/v1\/realtime\/calls\/([^/]+)\/hangup$/.exec(path);
    const routeKey = hangupMatch ? '/v1/realtime/calls/:id/hangup' : path;
    res.on('finish', () => count(method, routeKey, res.statusCode));
    if (method === 'OPTIONS') return send(res, 204, '');

    if (method === 'GET' && path === '/healthz') {
      return sendJson(res, 200, { status: 'ok', openMode: keys.openMode, openCalls: [...calls.values()].filter((c) => !c.closed).length });
    }
    if (method === 'POST' && path === '/v1/realtime/client_secrets') {
      if (injectFailure(res, 'client_secrets')) return;
      return clientSecrets(req, res);
    }
    if (method === 'POST' && path === '/v1/realtime/calls') {
      if (injectFailure(res, 'calls')) return;
      return createCall(req, res);
    }
    if (method === 'POST' && hangupMatch) return hangup(req, res, hangupMatch[1]);
    throw new HttpError(404, { message: `Invalid URL (${method} ${path})` });
  }

  /** Answers with a failure queued by /_control/fail-next, if any. @param {import('node:http').ServerResponse} res @param {string} path */
  function injectFailure(res, path) {
    const failure = failNext[path].shift();
    syncFailNext();
    if (!failure) return false;
    const body = failure.body ?? defaultFailureBody(failure.status);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
    send(res, failure.status, text, { 'Content-Type': contentType, ...failure.headers });
    return true;
  }

  /** Who may call /_control (control-guard.mjs); the Host names need the port, known once listening. */
  const controlPolicy = { enabled: options.control === true, apiKeys: keys.apiKeys, hosts: new Set() };

  /** Set by close(): no new calls from then on. */
  let closed = false;
  const server = createServer((req, res) => {
    if (closed) return void res.destroy();
    route(req, res).catch((err) => {
      if (err instanceof HttpError) return sendError(res, err.status, err.error, err.headers);
      log(`internal error: ${err instanceof Error ? err.stack : String(err)}`);
      sendError(res, 500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' });
    });
  });

  const { url, port } = await listen(server, host, options.port);
  state.url = url;
  controlPolicy.hosts = controlHosts(url, port);

  async function close() {
    if (closed) return;
    closed = true;
    // Stop taking requests first: a call created while the others close would outlive the server.
    const stopped = new Promise((resolve) => server.close(() => resolve(undefined)));
    server.closeAllConnections();
    for (const call of calls.values()) call.close('server_closed');
    await Promise.all([...calls.values()].map((c) => c.closing));
    await stopped;
  }

  return { url, port, close, state };
}

/**
 * `expires_after` of client_secrets: anchor must be created_at, seconds 10…7200 (default 600).
 * @param {unknown} expiresAfter @returns {number}
 */
function expirySeconds(expiresAfter) {
  if (expiresAfter === undefined) return 600;
  if (!isObject(expiresAfter)) throw new HttpError(400, { message: "Invalid type for 'expires_after': expected an object.", param: 'expires_after', code: 'invalid_type' });
  const unknown = firstUnknownKey(expiresAfter, 'expires_after', ['anchor', 'seconds']);
  if (unknown) throw new HttpError(400, unknown);
  if (expiresAfter.anchor !== undefined && expiresAfter.anchor !== 'created_at') {
    throw new HttpError(400, { message: `Invalid value: '${String(expiresAfter.anchor)}'. Supported values are: 'created_at'.`, param: 'expires_after.anchor', code: 'invalid_value' });
  }
  const seconds = expiresAfter.seconds ?? 600;
  if (!Number.isInteger(seconds)) throw new HttpError(400, { message: "Invalid type for 'expires_after.seconds': expected an integer.", param: 'expires_after.seconds', code: 'invalid_type' });
  if (seconds < 10) throw new HttpError(400, { message: `Invalid 'expires_after.seconds': integer below minimum value. Expected a value >= 10, but got ${seconds} instead.`, param: 'expires_after.seconds', code: 'integer_below_min_value' });
  if (seconds > 7200) throw new HttpError(400, { message: `Invalid 'expires_after.seconds': integer above maximum value. Expected a value <= 7200, but got ${seconds} instead.`, param: 'expires_after.seconds', code: 'integer_above_max_value' });
  return seconds;
}

/**
 * Cheap sanity checks before werift sees the offer, so the error says what is wrong.
 * @param {string} sdp
 */
function checkOffer(sdp) {
  /** @param {string} what */
  const bad = (what) => new HttpError(400, { message: `Invalid SDP offer: ${what}`, param: 'sdp', code: 'invalid_offer' });
  const text = sdp.trimStart();
  if (!text) throw bad('the body is empty.');
  if (!text.startsWith('v=0')) throw bad("it must start with 'v=0'.");
  if (!/^m=/m.test(text)) throw bad("it has no media section ('m=' line).");
  if (!/^a=fingerprint:/m.test(text)) throw bad("it has no DTLS fingerprint ('a=fingerprint:').");
  if (!/^a=ice-ufrag:/m.test(text)) throw bad("it has no ICE credentials ('a=ice-ufrag:').");
}
