// @ts-check
/**
 * The OpenAI error envelope, runtime-neutral (no node: imports, so the Workers bundle needs no
 * Node compatibility layer). Same shape as server/http-util.mjs's, which the local Realtime server uses.
 */

/** @typedef {{ message: string, type?: string, param?: string | null, code?: string | null }} ApiError */

/** Thrown by request handlers (and the policy) to answer with an error envelope. */
export class HttpError extends Error {
  /** @param {number} status @param {ApiError} error @param {Record<string, string>} [headers] */
  constructor(status, error, headers = {}) {
    super(error.message);
    this.status = status;
    this.error = error;
    this.headers = headers;
  }
}

/** `{"error":{message,type,param,code}}`. @param {ApiError} e */
export function errorBody(e) {
  return { error: { message: e.message, type: e.type ?? 'invalid_request_error', param: e.param ?? null, code: e.code ?? null } };
}

/** @param {number} status @param {ApiError} error @param {Record<string, string>} [headers] */
export function errorResponse(status, error, headers = {}) {
  return new Response(JSON.stringify(errorBody(error), null, 2), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
