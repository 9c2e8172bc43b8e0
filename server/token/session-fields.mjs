// @ts-check
/**
 * The session fields a user may ask the token server for (pure). The minted client secret carries
 * the whole session to OpenAI under the team's key, so anything let through is spent, logged or
 * obeyed on the team's account: `tools` (text the model reads, and calls to the user's MCP
 * server with the team's key), `prompt` (a stored prompt whose text would sit beside or before
 * the team's instructions), `tracing` (traces in the team's dashboard under names the user
 * picks), `reasoning`, `truncation`, `tool_choice`… So this is an allowlist of the GA
 * `RealtimeSessionCreateRequest` fields a voice assistant needs and nothing more, checked down to
 * each nested key and its type. Anything else is refused with a 400 naming the field, not dropped:
 * a client that asked for tools must not believe it has them, and an administrator reading the
 * error sees at once which field the policy does not allow. Numeric ranges are left to upstream,
 * which refuses them with its own 400 (passed through).
 */

/** @typedef {{ param: string, message: string, code: string }} Problem */
/** @typedef {(value: unknown, param: string) => Problem | null} Check */

/** @param {unknown} v @returns {v is Record<string, unknown>} */
export const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @param {string} param @param {string} expected @returns {Problem} */
const wrongType = (param, expected) => ({ param, message: `Invalid type for '${param}': expected ${expected}.`, code: 'invalid_type' });

/** @param {number} max @returns {Check} */
const text = (max) => (v, p) => (typeof v === 'string' && v.length <= max ? null : wrongType(p, `a string of at most ${max} characters`));
/** @type {Check} */
const bool = (v, p) => (typeof v === 'boolean' ? null : wrongType(p, 'a boolean'));
/** @type {Check} */
const number = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : wrongType(p, 'a number'));
/** @type {Check} */
const integer = (v, p) => (Number.isInteger(v) ? null : wrongType(p, 'an integer'));
/** @param {...unknown} values @returns {Check} */
const oneOf = (...values) => (v, p) =>
  values.includes(v) ? null : { param: p, message: `Invalid value for '${p}': expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}.`, code: 'invalid_value' };
/** @param {Check} check @returns {Check} */
const nullable = (check) => (v, p) => (v === null ? null : check(v, p));
/** @param {Check} check @param {number} max @returns {Check} */
const listOf = (check, max) => (v, p) => {
  if (!Array.isArray(v) || v.length > max) return wrongType(p, `an array of at most ${max} items`);
  for (let i = 0; i < v.length; i++) {
    const problem = check(v[i], `${p}[${i}]`);
    if (problem) return problem;
  }
  return null;
};

/**
 * An object with only these keys, each checked; an unknown key is refused by name.
 * @param {Record<string, Check>} fields @returns {Check}
 */
export const only = (fields) => (v, p) => {
  if (!isObject(v)) return wrongType(p, 'an object');
  for (const [key, value] of Object.entries(v)) {
    const param = p ? `${p}.${key}` : key;
    const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!check) return { param, message: `Unknown parameter: '${param}'. This token server's policy does not allow it.`, code: 'unknown_parameter' };
    if (value === undefined) continue;
    const problem = check(value, param);
    if (problem) return problem;
  }
  return null;
};

/** One of several object shapes, chosen by its `type`. @param {Record<string, Check>} byType @returns {Check} */
const variant = (byType) => (v, p) => {
  if (!isObject(v)) return wrongType(p, 'an object');
  const check = typeof v.type === 'string' && Object.hasOwn(byType, v.type) ? byType[v.type] : null;
  return check ? check(v, p) : oneOf(...Object.keys(byType))(v.type, `${p}.type`);
};

const format = only({ type: oneOf('audio/pcm', 'audio/pcmu', 'audio/pcma'), rate: oneOf(24000) });
const vadCommon = { create_response: bool, interrupt_response: bool };

/** `session`: what a voice assistant needs (`model` is then forced and `instructions` prefixed by the policy). */
export const SESSION = only({
  type: oneOf('realtime'),
  model: text(100),
  instructions: text(200_000),
  output_modalities: listOf(oneOf('audio', 'text'), 2),
  max_output_tokens: (v, p) => (v === 'inf' ? null : integer(v, p)),
  include: listOf(oneOf('item.input_audio_transcription.logprobs'), 1),
  audio: only({
    input: only({
      format,
      noise_reduction: nullable(only({ type: oneOf('near_field', 'far_field') })),
      // No transcription `prompt`: free text for a model on the team's account, beside the policy.
      transcription: only({
        model: oneOf('whisper-1', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-transcribe-2025-12-15', 'gpt-4o-transcribe', 'gpt-realtime-whisper'),
        language: text(35),
      }),
      turn_detection: nullable(
        variant({
          server_vad: only({ type: oneOf('server_vad'), threshold: number, prefix_padding_ms: integer, silence_duration_ms: integer, idle_timeout_ms: nullable(integer), ...vadCommon }),
          semantic_vad: only({ type: oneOf('semantic_vad'), eagerness: oneOf('low', 'medium', 'high', 'auto'), ...vadCommon }),
        }),
      ),
    }),
    // A voice by name only: a custom voice id belongs to whoever made it.
    output: only({ format, voice: text(64), speed: number }),
  }),
});

/** The request body around it: `expires_after` is then capped by the policy. */
export const BODY = only({
  expires_after: only({ anchor: oneOf('created_at'), seconds: integer }),
  session: SESSION,
});
