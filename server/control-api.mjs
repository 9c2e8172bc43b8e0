// @ts-check
/**
 * `/_control/*`: a JSON API for tests to inspect and steer the server. Not part of OpenAI's API,
 * not counted in `state.http`. Off unless the server is created with `control: true`; who may
 * call it (loopback Host, no web page, the server's key) is checked first, in control-guard.mjs.
 *
 *   GET  /_control/state                      the inspectable state (calls, events, counters)
 *   POST /_control/fail-next {path, status, body?, headers?, count?}
 *        the next `count` (default 1) requests to `path` ('client_secrets' | 'calls') answer
 *        `status` with `body` (default: an OpenAI error envelope fitting the status) and `headers`
 *   POST /_control/drop   {callId?, mode?}    ends calls abruptly, without session events:
 *        mode 'close' (default): the data channel and peer connection close at once; the client
 *        sees its channel close within ~100 ms (server crash / connection killed);
 *        mode 'silent': the server just goes quiet (no audio, no events, no ICE answers); the
 *        client only notices through its own ICE/consent timeouts (network drop);
 *        mode 'stall': the server hangs but its network stack lives on (ICE, SCTP and RTCP keep
 *        answering, client events are received and recorded) while no event or audio comes out
 *   POST /_control/say    {text, callId?}     the assistant speaks `text` unprompted
 *   POST /_control/expire {callId?}           sends `session_expired` now and hangs up
 *   POST /_control/send   {frames, callId?, ignoreMaxMessageSize?}
 *        sends raw data-channel frames to the client exactly as given, unchecked (fuzzing the
 *        client with malformed or hostile input). A frame is a string, or {prefix?, fill, size,
 *        suffix?} for a big one built here: prefix + fill repeated + suffix, `size` chars in all.
 *        `ignoreMaxMessageSize` lifts the client's advertised SCTP max-message-size (a hostile
 *        server does not respect it)
 *   POST /_control/next-response {status, status_details?, callId?}
 *        the next response of the call ends `status` ('failed': no output; 'incomplete': cut off
 *        after half its words) with `status_details` (default: a server error / the length limit)
 *   POST /_control/error  {code, message?, type?, param?, callId?}
 *        sends an in-session `error` event in the API's shape (not answering any client event)
 *   POST /_control/hold  {on, callId?}      on: the call's events queue up instead of leaving (a
 *        congested link; the server goes on working); off: they all go out, in order
 *   POST /_control/reset                      closes calls; forgets keys, counters, failures, history
 *   function-call, function-outputs, rate-limits, transcription-failure: see control-scripts.mjs
 */
import { HttpError, parseJsonBody, readBody, sendJson } from './http-util.mjs';
import { isObject } from './api-errors.mjs';
import { functionOutputs, scriptFunctionCall, scriptRateLimits, scriptTranscriptionFailure } from './control-scripts.mjs';

/** @typedef {import('./realtime-call.mjs').RealtimeCall} RealtimeCall */
/** @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} InjectedFailure */
/**
 * @typedef {{
 *   state: Record<string, any>,
 *   calls: Map<string, RealtimeCall>,
 *   failNext: Record<string, InjectedFailure[]>,
 *   reset: () => void,
 * }} ControlContext
 */

export const FAILABLE_PATHS = ['client_secrets', 'calls'];

/** The real API's 429 for an account with no credit left (protocol doc §7). */
export function quotaBody() {
  return { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } };
}

/** A realistic default body for an injected failure. @param {number} status */
export function defaultFailureBody(status) {
  /** @type {Record<number, { message: string, type: string, code: string | null }>} */
  const known = {
    400: { message: 'Injected failure (400).', type: 'invalid_request_error', code: null },
    401: { message: 'Incorrect API key provided: sk-ab***yz. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
    403: { message: 'You are not allowed to use this model.', type: 'invalid_request_error', code: 'model_not_found' },
    // A rate limit (retried after `retry-after`); an account out of credit is `body: quotaBody()`.
    429: { message: 'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.', type: 'requests', code: 'rate_limit_exceeded' },
    500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
    503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
  };
  const e = known[status] ?? { message: `Injected failure (${status}).`, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
  return { error: { message: e.message, type: e.type, param: null, code: e.code } };
}

/**
 * @param {ControlContext} ctx
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {string} path
 */
export async function handleControl(ctx, req, res, path) {
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/_control/state') return sendJson(res, 200, ctx.state);
  if (method === 'GET' && path === '/_control/function-outputs') {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    return sendJson(res, 200, functionOutputs([...ctx.calls.values()], query));
  }
  if (method !== 'POST') throw new HttpError(404, { message: `Invalid URL (${method} ${path})` });
  const body = parseJsonBody(await readBody(req, path === '/_control/send' ? 16 * 1024 * 1024 : 64 * 1024));
  const args = isObject(body) ? body : {};
  switch (path) {
    case '/_control/fail-next':
      return sendJson(res, 200, failNext(ctx, args));
    case '/_control/drop': {
      if (args.mode !== undefined && args.mode !== 'close' && args.mode !== 'silent' && args.mode !== 'stall') {
        throw new HttpError(400, { message: "'mode' must be 'close', 'silent' or 'stall'.", param: 'mode', code: 'invalid_value' });
      }
      const silent = args.mode === 'silent';
      const drop = (/** @type {RealtimeCall} */ call) =>
        args.mode === 'stall' ? call.stall() : call.close(silent ? 'dropped_silently' : 'dropped', { silent });
      const dropped = pickCalls(ctx, args.callId).map((call) => (drop(call), call.id));
      return sendJson(res, 200, { dropped });
    }
    case '/_control/say':
      return sendJson(res, 200, say(ctx, args));
    case '/_control/expire': {
      const expired = pickCalls(ctx, args.callId).map((call) => (call.expire(), call.id));
      return sendJson(res, 200, { expired });
    }
    case '/_control/send':
      return sendJson(res, 200, await sendRaw(ctx, args));
    case '/_control/next-response':
      return sendJson(res, 200, nextResponse(ctx, args));
    case '/_control/error':
      return sendJson(res, 200, sendError(ctx, args));
    case '/_control/hold': {
      if (typeof args.on !== 'boolean') throw new HttpError(400, { message: "'on' must be a boolean.", param: 'on', code: 'invalid_type' });
      const held = pickCalls(ctx, args.callId).map((call) => (args.on ? call.events.hold() : call.events.release(), call.id));
      return sendJson(res, 200, { held });
    }
    case '/_control/function-call':
      return sendJson(res, 200, scriptFunctionCall((id) => pickCalls(ctx, id), args));
    case '/_control/rate-limits':
      return sendJson(res, 200, scriptRateLimits((id) => pickCalls(ctx, id), args));
    case '/_control/transcription-failure':
      return sendJson(res, 200, scriptTranscriptionFailure((id) => pickCalls(ctx, id), args));
    case '/_control/reset':
      ctx.reset();
      return sendJson(res, 200, { ok: true });
    default:
      throw new HttpError(404, { message: `Invalid URL (${method} ${path})` });
  }
}

/** @param {ControlContext} ctx @param {Record<string, any>} args */
function failNext(ctx, args) {
  const { path, status, body, headers, count = 1 } = args;
  if (!FAILABLE_PATHS.includes(path)) {
    throw new HttpError(400, { message: `'path' must be one of ${FAILABLE_PATHS.join(', ')}.`, param: 'path', code: 'invalid_value' });
  }
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new HttpError(400, { message: "'status' must be an HTTP status code.", param: 'status', code: 'invalid_value' });
  }
  if (headers !== undefined && !isObject(headers)) {
    throw new HttpError(400, { message: "'headers' must be an object.", param: 'headers', code: 'invalid_type' });
  }
  for (let i = 0; i < Math.max(1, Number(count) || 1); i++) {
    ctx.failNext[path].push({ status, body, headers: headers && Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])) });
  }
  return { ok: true, pending: Object.fromEntries(Object.entries(ctx.failNext).map(([p, list]) => [p, list.length])) };
}

/** Open calls, or just the one asked for (404 if it does not exist). @param {ControlContext} ctx @param {unknown} callId */
function pickCalls(ctx, callId) {
  if (callId === undefined) return [...ctx.calls.values()].filter((c) => !c.closed);
  const call = typeof callId === 'string' ? ctx.calls.get(callId) : undefined;
  if (!call) throw new HttpError(404, { message: `Call not found: ${String(callId)}`, code: 'not_found' });
  return call.closed ? [] : [call];
}

/** @param {ControlContext} ctx @param {Record<string, any>} args */
function say(ctx, args) {
  if (typeof args.text !== 'string' || !args.text.trim()) {
    throw new HttpError(400, { message: "'text' must be a non-empty string.", param: 'text', code: 'invalid_value' });
  }
  const call = pickCalls(ctx, args.callId).at(-1);
  if (!call) throw new HttpError(404, { message: 'There is no open call to speak on.', code: 'not_found' });
  if (call.run?.active) {
    throw new HttpError(409, {
      message: `Conversation already has an active response in progress: ${call.run.id}.`,
      code: 'conversation_already_has_active_response',
    });
  }
  const run = call.startResponse({ reason: 'say', text: args.text });
  return { callId: call.id, responseId: run.id };
}

/** The status_details the API sends when none is given. */
/** @type {Record<string, Record<string, any>>} */
const DEFAULT_DETAILS = {
  failed: { type: 'failed', error: { type: 'server_error', code: 'server_error' } },
  incomplete: { type: 'incomplete', reason: 'max_output_tokens' },
};

/** @param {ControlContext} ctx @param {Record<string, any>} args */
function nextResponse(ctx, args) {
  const { status, status_details: details } = args;
  if (status !== 'failed' && status !== 'incomplete') {
    throw new HttpError(400, { message: "'status' must be 'failed' or 'incomplete'.", param: 'status', code: 'invalid_value' });
  }
  if (details !== undefined && !isObject(details)) {
    throw new HttpError(400, { message: "'status_details' must be an object.", param: 'status_details', code: 'invalid_type' });
  }
  const call = pickCalls(ctx, args.callId).at(-1);
  if (!call) throw new HttpError(404, { message: 'There is no open call.', code: 'not_found' });
  call.nextOutcome = { status, status_details: details ?? DEFAULT_DETAILS[status] };
  return { callId: call.id };
}

/** @param {ControlContext} ctx @param {Record<string, any>} args */
function sendError(ctx, args) {
  if (typeof args.code !== 'string' || !args.code) {
    throw new HttpError(400, { message: "'code' must be a non-empty string.", param: 'code', code: 'invalid_value' });
  }
  const call = pickCalls(ctx, args.callId).at(-1);
  if (!call) throw new HttpError(404, { message: 'There is no open call.', code: 'not_found' });
  const str = (/** @type {unknown} */ v, /** @type {string} */ fallback) => (typeof v === 'string' ? v : fallback);
  call.emitErrorEvent({ code: args.code, message: str(args.message, `Injected error (${args.code}).`), type: str(args.type, 'invalid_request_error'), param: args.param ?? null }, null);
  return { callId: call.id };
}

/**
 * @param {unknown} frame @returns {string}
 */
function buildFrame(frame) {
  if (typeof frame === 'string') return frame;
  if (isObject(frame) && typeof frame.fill === 'string' && frame.fill && Number.isInteger(frame.size) && frame.size >= 0 && frame.size <= 16 * 1024 * 1024) {
    const prefix = typeof frame.prefix === 'string' ? frame.prefix : '';
    const suffix = typeof frame.suffix === 'string' ? frame.suffix : '';
    const room = Math.max(0, frame.size - prefix.length - suffix.length);
    return prefix + frame.fill.repeat(Math.ceil(room / frame.fill.length)).slice(0, room) + suffix;
  }
  throw new HttpError(400, { message: "Each frame must be a string or {prefix?, fill, size, suffix?}.", param: 'frames', code: 'invalid_value' });
}

/** @param {ControlContext} ctx @param {Record<string, any>} args */
async function sendRaw(ctx, args) {
  if (!Array.isArray(args.frames)) {
    throw new HttpError(400, { message: "'frames' must be an array.", param: 'frames', code: 'invalid_type' });
  }
  const frames = args.frames.map(buildFrame);
  if (frames.some((f) => f === '')) {
    // werift would send an SCTP DATA chunk without user data (RFC 8831 wants PPID 56 and one
    // byte), and Chrome's SCTP stalls on it: the channel stays open but delivers nothing more.
    throw new HttpError(400, { message: 'Empty frames cannot be sent correctly by werift.', param: 'frames', code: 'invalid_value' });
  }
  const call = pickCalls(ctx, args.callId).at(-1);
  if (!call) throw new HttpError(404, { message: 'There is no open call to send on.', code: 'not_found' });
  const dc = call.dc;
  if (!dc || dc.readyState !== 'open') throw new HttpError(409, { message: 'The data channel is not open.', code: 'not_open' });
  if (args.ignoreMaxMessageSize) {
    const transport = /** @type {any} */ (call.pc.sctpTransport);
    if (transport) transport.remoteMaxMessageSize = 0; // werift: 0 = no limit
  }
  let sent = 0;
  /** @type {string[]} */
  const failed = [];
  for (const frame of frames) {
    try {
      dc.send(frame);
      sent++;
    } catch (err) {
      failed.push(err instanceof Error ? err.message : String(err));
    }
    // One frame at a time: werift flushes concurrently, and the fragments of two big messages
    // sent in the same tick interleave on the stream, which stalls the client's SCTP.
    for (let waited = 0; dc.bufferedAmount > 0 && dc.readyState === 'open' && waited < 5000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return { callId: call.id, sent, failed };
}
