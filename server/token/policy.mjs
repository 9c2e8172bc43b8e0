// @ts-check
/**
 * The server's session policy applied to what the extension asked for (pure):
 * - only the fields in session-fields.mjs are accepted (voice, audio formats, transcription, turn
 *   detection, output modalities…); any other field, at any depth, or a field of the wrong type
 *   (e.g. `instructions` as an array) is a 400 naming it: `tools`, `prompt`, `tracing`… never
 *   reach OpenAI on the team's key;
 * - `session.model` is forced to the server's model;
 * - `session.instructions` = the server's prefix, a blank line, then the client's instructions;
 *   no other accepted field carries text for the model, so nothing can come before the prefix;
 * - `expires_after.seconds` is capped at `maxDurationSeconds` (the client secret's lifetime).
 *   Only `type: 'realtime'` sessions are minted.
 */
import { HttpError } from './http-error.mjs';
import { BODY, isObject } from './session-fields.mjs';

/** @typedef {Record<string, any>} Json */
/**
 * @typedef {{ model?: string, instructionsPrefix?: string, maxDurationSeconds?: number }} SessionPolicy
 */

/** OpenAI's bounds for `expires_after.seconds`. */
export const MIN_SECONDS = 10;
export const MAX_SECONDS = 7200;
export const DEFAULT_MAX_DURATION_SECONDS = 600;

/** The cap in force: the configured value clamped to OpenAI's bounds. @param {SessionPolicy} policy */
export function maxSeconds(policy) {
  const n = Math.floor(Number(policy.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS));
  return Number.isFinite(n) ? Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, n)) : DEFAULT_MAX_DURATION_SECONDS;
}

/**
 * @param {unknown} body the parsed request body
 * @param {SessionPolicy} policy
 * @returns {{ expires_after: { anchor: 'created_at', seconds: number }, session: Json }}
 */
export function applyPolicy(body, policy) {
  if (!isObject(body)) throw new HttpError(400, { message: 'The request body must be a JSON object.', code: 'invalid_type' });
  if (body.session !== undefined && !isObject(body.session)) {
    throw new HttpError(400, { message: "Invalid type for 'session': expected an object.", param: 'session', code: 'invalid_type' });
  }
  const requested = /** @type {Json} */ (body.session ?? {});
  const type = requested.type ?? 'realtime';
  if (type !== 'realtime') {
    throw new HttpError(400, { message: "This token server only mints 'realtime' sessions.", param: 'session.type', code: 'invalid_value' });
  }
  const problem = BODY(body, '');
  if (problem) throw new HttpError(400, problem);
  /** @type {Json} */
  const session = { ...requested, type: 'realtime' };
  if (policy.model) session.model = policy.model;

  const client = typeof requested.instructions === 'string' ? requested.instructions : '';
  const prefix = policy.instructionsPrefix ?? '';
  if (prefix) session.instructions = client ? `${prefix}\n\n${client}` : prefix;
  else if (client) session.instructions = client;
  else delete session.instructions;

  const cap = maxSeconds(policy);
  const asked = isObject(body.expires_after) ? Number(body.expires_after.seconds) : NaN;
  const seconds = Number.isInteger(asked) ? Math.min(cap, Math.max(MIN_SECONDS, asked)) : cap;
  return { expires_after: { anchor: 'created_at', seconds }, session };
}
