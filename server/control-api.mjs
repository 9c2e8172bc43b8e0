// @ts-check
/**
 * `/_control/*`: a JSON API for tests to inspect and steer the server. Not part of OpenAI's API,
 * not counted in `state.http`, and CORS-enabled so a test page could call it too.
 *
 *   GET  /_control/state                      the inspectable state (calls, events, counters)
 *   POST /_control/fail-next {path, status, body?, headers?, count?}
 *        the next `count` (default 1) requests to `path` ('client_secrets' | 'calls') answer
 *        `status` with `body` (default: an OpenAI error envelope fitting the status) and `headers`
 *   POST /_control/drop   {callId?, mode?}    ends calls abruptly, without session events:
 *        mode 'close' (default): the data channel and peer connection close at once; the client
 *        sees its channel close within ~100 ms (server crash / connection killed);
 *        mode 'silent': the server just goes quiet (no audio, no events, no ICE answers); the
 *        client only notices through its own ICE/consent timeouts (network drop)
 *   POST /_control/say    {text, callId?}     the assistant speaks `text` unprompted
 *   POST /_control/expire {callId?}           sends `session_expired` now and hangs up
 *   POST /_control/reset                      closes calls; forgets keys, counters, failures, history
 */
import { HttpError, parseJsonBody, readBody, sendJson } from './http-util.mjs';
import { isObject } from './session-config.mjs';

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

/** A realistic default body for an injected failure. @param {number} status */
export function defaultFailureBody(status) {
  /** @type {Record<number, { message: string, type: string, code: string | null }>} */
  const known = {
    400: { message: 'Injected failure (400).', type: 'invalid_request_error', code: null },
    401: { message: 'Incorrect API key provided: sk-ab***yz. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
    403: { message: 'You are not allowed to use this model.', type: 'invalid_request_error', code: 'model_not_found' },
    429: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' },
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
  if (method !== 'POST') throw new HttpError(404, { message: `Invalid URL (${method} ${path})` });
  const body = parseJsonBody(await readBody(req, 64 * 1024));
  const args = isObject(body) ? body : {};
  switch (path) {
    case '/_control/fail-next':
      return sendJson(res, 200, failNext(ctx, args));
    case '/_control/drop': {
      if (args.mode !== undefined && args.mode !== 'close' && args.mode !== 'silent') {
        throw new HttpError(400, { message: "'mode' must be 'close' or 'silent'.", param: 'mode', code: 'invalid_value' });
      }
      const silent = args.mode === 'silent';
      const dropped = pickCalls(ctx, args.callId).map((call) => (call.close(silent ? 'dropped_silently' : 'dropped', { silent }), call.id));
      return sendJson(res, 200, { dropped });
    }
    case '/_control/say':
      return sendJson(res, 200, say(ctx, args));
    case '/_control/expire': {
      const expired = pickCalls(ctx, args.callId).map((call) => (call.expire(), call.id));
      return sendJson(res, 200, { expired });
    }
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
