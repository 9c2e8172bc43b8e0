// @ts-check
/**
 * The GA session object: defaults, validation and merging, shared by `client_secrets`, the
 * multipart `calls` body and `session.update` so all three reject the same things.
 *
 * The point of validating strictly is fidelity: the real GA API rejects beta-shaped sessions
 * (`session.voice`, `session.turn_detection`, `session.modalities`, `temperature`, …) with
 * `unknown_parameter`, and a session without `type` with `missing_required_parameter`
 * (protocol doc §3.3, §9.2). A fake that accepted them would hide exactly the bugs it exists
 * to catch. Messages copy the real API's wording where it is known.
 */

import { firstUnknownKey, invalidType, invalidValue, isObject, missingParameter, optionalString, tokenLimit } from './api-errors.mjs';
import { SHAPES, VALUES, keysOf } from './client-schema.mjs';
import { checkOutputModalities, checkPrompt, checkReasoning, checkToolChoice, checkTools } from './schema-checks.mjs';

/** @typedef {import('./api-errors.mjs').ConfigError} ConfigError */
/** @typedef {Record<string, any>} Session */

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
export const DEFAULT_MODEL = 'gpt-realtime';
export const DEFAULT_INSTRUCTIONS =
  'Your knowledge cutoff is 2023-10. You are a helpful, witty, and friendly AI. Act like a human, ' +
  'but remember that you aren\'t a human and that you can\'t do human things in the real world.';

/**
 * Defaults when `turn_detection` is set without every field. The SDK documents 500 ms of
 * silence for server_vad; we also use it for the session default (captures of the live API
 * show 200 ms there), so that one spoken sentence with short pauses stays one turn in tests.
 * @param {string} type
 */
export function defaultTurnDetection(type) {
  if (type === 'semantic_vad') {
    return { type, eagerness: 'auto', create_response: true, interrupt_response: true };
  }
  return {
    type: 'server_vad',
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 500,
    idle_timeout_ms: null,
    create_response: true,
    interrupt_response: true,
  };
}

/** The effective session when nobody configured anything (shape of a real `session.created`). */
export function defaultSession() {
  return {
    type: 'realtime',
    model: DEFAULT_MODEL,
    output_modalities: ['audio'],
    instructions: DEFAULT_INSTRUCTIONS,
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: defaultTurnDetection('server_vad'),
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1.0 },
    },
    include: null,
  };
}

// ---- validation ---------------------------------------------------------------------------

export { firstUnknownKey, isObject, missingParameter, unknownParameter } from './api-errors.mjs';

const SESSION_KEYS = keysOf(SHAPES.session);
const SERVER_VAD_KEYS = keysOf(SHAPES.serverVad);
const SEMANTIC_VAD_KEYS = keysOf(SHAPES.semanticVad);
const TRANSCRIPTION_KEYS = keysOf(SHAPES.transcription);

/**
 * Validates a GA realtime session object as the real API would (a subset, but every check that
 * distinguishes GA from beta). Missing `type` is reported first: the API needs it to pick a schema.
 * @param {unknown} session @param {string} [path] @returns {ConfigError | null}
 */
export function validateSession(session, path = 'session') {
  if (!isObject(session)) return invalidType(path, 'an object', session);
  if (session.type === undefined) return missingParameter(`${path}.type`);
  if (session.type === 'transcription') {
    return {
      code: 'invalid_value',
      param: `${path}.type`,
      message: "This local server only implements sessions of type 'realtime', not 'transcription'.",
    };
  }
  if (session.type !== 'realtime') return invalidValue(`${path}.type`, session.type, ['realtime', 'transcription']);
  const unknown = firstUnknownKey(session, path, SESSION_KEYS);
  if (unknown) return unknown;

  const err =
    optionalString(session, 'model', path) ??
    optionalString(session, 'instructions', path) ??
    checkOutputModalities(session.output_modalities, `${path}.output_modalities`) ??
    checkTools(session.tools, `${path}.tools`) ??
    checkToolChoice(session.tool_choice, `${path}.tool_choice`) ??
    tokenLimit(session.max_output_tokens, `${path}.max_output_tokens`) ??
    checkPrompt(session.prompt, `${path}.prompt`) ??
    checkReasoning(session.reasoning, `${path}.reasoning`) ??
    checkTracing(session.tracing, `${path}.tracing`) ??
    checkTruncation(session.truncation, `${path}.truncation`) ??
    checkInclude(session.include, `${path}.include`);
  if (err) return err;
  if (session.parallel_tool_calls !== undefined && typeof session.parallel_tool_calls !== 'boolean') {
    return invalidType(`${path}.parallel_tool_calls`, 'a boolean', session.parallel_tool_calls);
  }
  if (session.audio !== undefined) return validateAudio(session.audio, `${path}.audio`);
  return null;
}

/** @param {unknown} audio @param {string} path @returns {ConfigError | null} */
function validateAudio(audio, path) {
  if (!isObject(audio)) return invalidType(path, 'an object', audio);
  const unknown = firstUnknownKey(audio, path, keysOf(SHAPES.audio));
  if (unknown) return unknown;
  const { input, output } = audio;
  if (input !== undefined) {
    const p = `${path}.input`;
    if (!isObject(input)) return invalidType(p, 'an object', input);
    const bad = firstUnknownKey(input, p, keysOf(SHAPES.audioInput));
    if (bad) return bad;
    const err =
      validateFormat(input.format, `${p}.format`) ??
      validateTranscription(input.transcription, `${p}.transcription`) ??
      validateNoiseReduction(input.noise_reduction, `${p}.noise_reduction`) ??
      validateTurnDetection(input.turn_detection, `${p}.turn_detection`);
    if (err) return err;
  }
  if (output !== undefined) {
    const p = `${path}.output`;
    if (!isObject(output)) return invalidType(p, 'an object', output);
    const bad = firstUnknownKey(output, p, keysOf(SHAPES.audioOutput));
    if (bad) return bad;
    const fmt = validateFormat(output.format, `${p}.format`);
    if (fmt) return fmt;
    const { voice, speed } = output;
    if (voice !== undefined) {
      if (isObject(voice)) {
        if (typeof voice.id !== 'string') return missingParameter(`${p}.voice.id`);
      } else if (typeof voice !== 'string') {
        return invalidType(`${p}.voice`, 'a string', voice);
      } else if (!VOICES.includes(voice)) {
        return invalidValue(`${p}.voice`, voice, VOICES);
      }
    }
    if (speed !== undefined) {
      if (typeof speed !== 'number') return invalidType(`${p}.speed`, 'a number', speed);
      if (speed < 0.25 || speed > 1.5) {
        return { code: 'invalid_value', param: `${p}.speed`, message: `Invalid '${p}.speed': expected a value between 0.25 and 1.5, but got ${speed} instead.` };
      }
    }
  }
  return null;
}

/** @param {unknown} format @param {string} path @returns {ConfigError | null} */
export function validateFormat(format, path) {
  if (format === undefined) return null;
  // A beta-style string ("pcm16") is the classic mistake; the real message is quoted in §7.
  if (!isObject(format)) return invalidType(path, 'an object', format);
  if (!VALUES.formats.includes(format.type)) return invalidValue(`${path}.type`, format.type, VALUES.formats);
  const bad = firstUnknownKey(format, path, keysOf(format.type === 'audio/pcm' ? SHAPES.formatPcm : SHAPES.formatPcmu));
  if (bad) return bad;
  return format.rate === undefined || format.rate === 24000 ? null : invalidValue(`${path}.rate`, format.rate, [24000]);
}

/** @param {unknown} t @param {string} path @returns {ConfigError | null} */
function validateTranscription(t, path) {
  if (t === undefined || t === null) return null;
  if (!isObject(t)) return invalidType(path, 'an object', t);
  const bad = firstUnknownKey(t, path, TRANSCRIPTION_KEYS);
  if (bad) return bad;
  const err = optionalString(t, 'model', path) ?? optionalString(t, 'language', path) ?? optionalString(t, 'prompt', path);
  if (err) return err;
  return t.delay === undefined || VALUES.transcriptionDelay.includes(t.delay) ? null : invalidValue(`${path}.delay`, t.delay, VALUES.transcriptionDelay);
}

/** @param {unknown} n @param {string} path @returns {ConfigError | null} */
function validateNoiseReduction(n, path) {
  if (n === undefined || n === null) return null;
  if (!isObject(n)) return invalidType(path, 'an object', n);
  const bad = firstUnknownKey(n, path, keysOf(SHAPES.noiseReduction));
  if (bad) return bad;
  return VALUES.noiseReduction.includes(n.type) ? null : invalidValue(`${path}.type`, n.type, VALUES.noiseReduction);
}

/** @param {unknown} td @param {string} path @returns {ConfigError | null} */
function validateTurnDetection(td, path) {
  if (td === undefined || td === null) return null;
  if (!isObject(td)) return invalidType(path, 'an object', td);
  if (td.type === undefined) return missingParameter(`${path}.type`);
  if (td.type !== 'server_vad' && td.type !== 'semantic_vad') {
    return invalidValue(`${path}.type`, td.type, ['server_vad', 'semantic_vad']);
  }
  const bad = firstUnknownKey(td, path, td.type === 'server_vad' ? SERVER_VAD_KEYS : SEMANTIC_VAD_KEYS);
  if (bad) return bad;
  if (td.threshold !== undefined) {
    if (typeof td.threshold !== 'number') return invalidType(`${path}.threshold`, 'a number', td.threshold);
    if (td.threshold < 0 || td.threshold > 1) {
      return { code: 'invalid_value', param: `${path}.threshold`, message: `Invalid '${path}.threshold': expected a value between 0 and 1.` };
    }
  }
  for (const key of ['prefix_padding_ms', 'silence_duration_ms']) {
    const v = td[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) return invalidType(`${path}.${key}`, 'a non-negative integer', v);
  }
  if (td.idle_timeout_ms !== undefined && td.idle_timeout_ms !== null && !(Number.isInteger(td.idle_timeout_ms) && td.idle_timeout_ms > 0)) {
    return invalidType(`${path}.idle_timeout_ms`, 'a positive integer', td.idle_timeout_ms);
  }
  for (const key of ['create_response', 'interrupt_response']) {
    if (td[key] !== undefined && typeof td[key] !== 'boolean') return invalidType(`${path}.${key}`, 'a boolean', td[key]);
  }
  const eager = VALUES.eagerness;
  if (td.eagerness !== undefined && !eager.includes(td.eagerness)) return invalidValue(`${path}.eagerness`, td.eagerness, eager);
  return null;
}

/** @param {unknown} t @param {string} path @returns {ConfigError | null} */
function checkTracing(t, path) {
  if (t === undefined || t === null || t === 'auto') return null;
  if (!isObject(t)) return typeof t === 'string' ? invalidValue(path, t, ['auto']) : invalidType(path, "'auto' or an object", t);
  return firstUnknownKey(t, path, keysOf(SHAPES.tracing)) ?? optionalString(t, 'workflow_name', path) ?? optionalString(t, 'group_id', path);
}

/** @param {unknown} t @param {string} path @returns {ConfigError | null} */
function checkTruncation(t, path) {
  if (t === undefined || t === 'auto' || t === 'disabled') return null;
  if (!isObject(t)) return typeof t === 'string' ? invalidValue(path, t, ['auto', 'disabled']) : invalidType(path, "'auto', 'disabled' or an object", t);
  const bad = firstUnknownKey(t, path, keysOf(SHAPES.truncation));
  if (bad) return bad;
  if (t.type !== 'retention_ratio') return t.type === undefined ? missingParameter(`${path}.type`) : invalidValue(`${path}.type`, t.type, ['retention_ratio']);
  if (t.retention_ratio === undefined) return missingParameter(`${path}.retention_ratio`);
  const r = t.retention_ratio;
  return typeof r === 'number' && r >= 0 && r <= 1 ? null : invalidValue(`${path}.retention_ratio`, r, ['a number between 0 and 1']);
}

/** @param {unknown} inc @param {string} path @returns {ConfigError | null} */
function checkInclude(inc, path) {
  if (inc === undefined || inc === null) return null;
  if (!Array.isArray(inc)) return invalidType(path, 'an array', inc);
  const bad = inc.find((v) => !VALUES.include.includes(v));
  return bad === undefined ? null : invalidValue(path, bad, VALUES.include);
}

// ---- merging ------------------------------------------------------------------------------

/**
 * Applies a validated update. "Only fields present change" (SDK docs); `audio.input` and
 * `audio.output` merge field by field; `turn_detection` is replaced as a whole with defaults
 * for the missing fields, and `null` turns it off (push-to-talk).
 * @param {Session} current @param {Session} update @returns {Session}
 */
export function mergeSession(current, update) {
  const next = structuredClone(current);
  for (const [key, value] of Object.entries(update)) {
    if (key === 'audio') continue;
    next[key] = structuredClone(value);
  }
  const audio = update.audio;
  if (audio?.input) {
    for (const [key, value] of Object.entries(audio.input)) {
      next.audio.input[key] =
        key === 'turn_detection' && value ? { ...defaultTurnDetection(value.type), ...value } : structuredClone(value);
    }
  }
  if (audio?.output) Object.assign(next.audio.output, structuredClone(audio.output));
  return next;
}

/**
 * The session as the server reports it (`session.created`, `session.updated`, client_secrets).
 * @param {Session} session @param {{ id: string, expiresAt: number }} meta
 */
export function publicSession(session, { id, expiresAt }) {
  const { type, ...rest } = session;
  return { type, object: 'realtime.session', id, ...rest, expires_at: expiresAt };
}
