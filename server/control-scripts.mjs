// @ts-check
/**
 * Control routes that script what the "model" says next, for the server events a real session
 * produces but a deterministic fake never would on its own (see control-api.mjs for the guard):
 *
 *   POST /_control/function-call {name, arguments?, call_id?, callId?}
 *        the next response calls function `name` with `arguments` (a JSON string; an object is
 *        stringified) instead of speaking; the follow-up response after the client's
 *        `function_call_output` quotes that output ("The tool <name> returned: <output>. …")
 *   GET  /_control/function-outputs[?callId=]  the `function_call_output` items clients created
 *   POST /_control/rate-limits {rate_limits, send?, callId?}
 *        `rate_limits.updated` reports these entries ({name, limit, remaining, reset_seconds})
 *        from now on (`null` = computed again); `send` (default true) also sends one at once
 *   POST /_control/transcription-failure {code?, message?, count?, callId?}
 *        the next `count` (1) user turns' transcriptions fail:
 *        `conversation.item.input_audio_transcription.failed` with that error
 */
import { HttpError } from './http-util.mjs';
import { isObject } from './api-errors.mjs';

/** @typedef {import('./realtime-call.mjs').RealtimeCall} RealtimeCall */
/** @typedef {(callId: unknown) => RealtimeCall[]} PickCalls */

/** @param {string} message @param {string} param @param {string} [code] */
const bad = (message, param, code = 'invalid_value') => new HttpError(400, { message, param, code });

/** @param {PickCalls} pick @param {unknown} callId */
function oneCall(pick, callId) {
  const call = pick(callId).at(-1);
  if (!call) throw new HttpError(404, { message: 'There is no open call.', code: 'not_found' });
  return call;
}

/** @param {PickCalls} pick @param {Record<string, any>} args */
export function scriptFunctionCall(pick, args) {
  if (typeof args.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(args.name)) {
    throw bad("'name' must be a function name (letters, digits, _ and -).", 'name');
  }
  const raw = args.arguments ?? '{}';
  const argumentsText = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (args.call_id !== undefined && typeof args.call_id !== 'string') throw bad("'call_id' must be a string.", 'call_id', 'invalid_type');
  const call = oneCall(pick, args.callId);
  call.nextFunctionCall = { name: args.name, arguments: argumentsText, ...(args.call_id ? { call_id: args.call_id } : {}) };
  return { callId: call.id };
}

/** @param {RealtimeCall[]} calls @param {URLSearchParams} query */
export function functionOutputs(calls, query) {
  const id = query.get('callId');
  const chosen = id ? calls.filter((c) => c.id === id) : calls;
  return { outputs: chosen.flatMap((c) => c.state.functionOutputs.map((o) => ({ callId: c.id, ...o }))) };
}

/** @param {unknown} limit @param {number} i */
function checkLimit(limit, i) {
  const p = `rate_limits[${i}]`;
  if (!isObject(limit)) throw bad(`'${p}' must be an object.`, p, 'invalid_type');
  if (!['requests', 'tokens'].includes(limit.name)) throw bad(`'${p}.name' must be 'requests' or 'tokens'.`, `${p}.name`);
  for (const key of ['limit', 'remaining', 'reset_seconds']) {
    if (typeof limit[key] !== 'number' || limit[key] < 0) throw bad(`'${p}.${key}' must be a non-negative number.`, `${p}.${key}`);
  }
  return { name: limit.name, limit: limit.limit, remaining: limit.remaining, reset_seconds: limit.reset_seconds };
}

/** @param {PickCalls} pick @param {Record<string, any>} args */
export function scriptRateLimits(pick, args) {
  const { rate_limits: limits } = args;
  if (limits !== null && !Array.isArray(limits)) throw bad("'rate_limits' must be an array or null.", 'rate_limits', 'invalid_type');
  const entries = limits === null ? null : limits.map(checkLimit);
  const call = oneCall(pick, args.callId);
  call.scriptedRateLimits = entries;
  if (entries && args.send !== false) call.emit({ type: 'rate_limits.updated', rate_limits: structuredClone(entries) });
  return { callId: call.id };
}

/** @param {PickCalls} pick @param {Record<string, any>} args */
export function scriptTranscriptionFailure(pick, args) {
  const count = args.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 100) throw bad("'count' must be an integer from 1 to 100.", 'count');
  for (const key of ['code', 'message']) {
    if (args[key] !== undefined && typeof args[key] !== 'string') throw bad(`'${key}' must be a string.`, key, 'invalid_type');
  }
  const call = oneCall(pick, args.callId);
  // The shape of the API reference's example (protocol doc §5.3).
  const error = {
    type: 'transcription_error',
    code: args.code ?? 'audio_unintelligible',
    message: args.message ?? 'The audio could not be transcribed.',
    param: null,
  };
  for (let i = 0; i < count; i++) call.turns.transcriptionFailures.push({ ...error });
  return { callId: call.id, pending: call.turns.transcriptionFailures.length };
}
