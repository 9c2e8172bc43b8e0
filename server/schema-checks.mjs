// @ts-check
/**
 * Checks shared by the session (session-config.mjs) and the client events (client-events.mjs):
 * tools, tool_choice, output_modalities, conversation items and `response.create` parameters.
 * Allowed keys come only from client-schema.mjs (checked against the `openai` types).
 */
import {
  firstUnknownKey, invalidType, invalidValue, isObject, missingParameter, optionalString, tokenLimit,
} from './api-errors.mjs';
import { SHAPES, VALUES, keysOf } from './client-schema.mjs';

/** @typedef {import('./api-errors.mjs').ConfigError} ConfigError */

/** Function names the API accepts (as in the Chat Completions / Responses tools). */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** @param {unknown} mods @param {string} path @returns {ConfigError | null} */
export function checkOutputModalities(mods, path) {
  if (mods === undefined) return null;
  if (!Array.isArray(mods)) return invalidType(path, 'an array', mods);
  const bad = mods.find((m) => !VALUES.outputModalities.includes(m));
  if (bad !== undefined) return invalidValue(path, bad, VALUES.outputModalities);
  // The GA API produces audio (with its transcript) or text, never both at once.
  if (mods.length !== 1) return { code: 'invalid_value', param: path, message: `Invalid '${path}': expected exactly one of 'audio' or 'text'.` };
  return null;
}

/** @param {unknown} tools @param {string} path @returns {ConfigError | null} */
export function checkTools(tools, path) {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return invalidType(path, 'an array', tools);
  /** @type {Set<string>} */
  const names = new Set();
  for (const [i, tool] of tools.entries()) {
    const p = `${path}[${i}]`;
    if (!isObject(tool)) return invalidType(p, 'an object', tool);
    if (tool.type === 'mcp') {
      // MCP tools have a large schema of their own; Hark does not use them, so this server refuses.
      return { code: 'invalid_value', param: `${p}.type`, message: "This local server does not implement MCP tools ('mcp')." };
    }
    if (tool.type !== undefined && tool.type !== 'function') return invalidValue(`${p}.type`, tool.type, ['function', 'mcp']);
    const bad = firstUnknownKey(tool, p, keysOf(SHAPES.functionTool));
    if (bad) return bad;
    if (tool.name === undefined) return missingParameter(`${p}.name`);
    if (typeof tool.name !== 'string') return invalidType(`${p}.name`, 'a string', tool.name);
    if (!FUNCTION_NAME.test(tool.name)) {
      return { code: 'invalid_value', param: `${p}.name`, message: `Invalid '${p}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.` };
    }
    if (names.has(tool.name)) return { code: 'invalid_value', param: `${p}.name`, message: `Duplicate tool name: '${tool.name}'.` };
    names.add(tool.name);
    const desc = optionalString(tool, 'description', p);
    if (desc) return desc;
    if (tool.parameters !== undefined && !isObject(tool.parameters)) return invalidType(`${p}.parameters`, 'an object', tool.parameters);
  }
  return null;
}

/** @param {unknown} choice @param {string} path @returns {ConfigError | null} */
export function checkToolChoice(choice, path) {
  if (choice === undefined) return null;
  if (typeof choice === 'string') return VALUES.toolChoice.includes(/** @type {any} */ (choice)) ? null : invalidValue(path, choice, VALUES.toolChoice);
  if (!isObject(choice)) return invalidType(path, 'a string or an object', choice);
  if (choice.type === 'function') {
    const bad = firstUnknownKey(choice, path, keysOf(SHAPES.toolChoiceFunction));
    if (bad) return bad;
    if (choice.name === undefined) return missingParameter(`${path}.name`);
    return optionalString(choice, 'name', path);
  }
  if (choice.type === 'mcp') {
    const bad = firstUnknownKey(choice, path, keysOf(SHAPES.toolChoiceMcp));
    if (bad) return bad;
    if (choice.server_label === undefined) return missingParameter(`${path}.server_label`);
    return optionalString(choice, 'server_label', path);
  }
  if (choice.type === undefined) return missingParameter(`${path}.type`);
  return invalidValue(`${path}.type`, choice.type, ['function', 'mcp']);
}

const MESSAGE_SHAPES = {
  user: { item: SHAPES.userMessage, part: SHAPES.userContent, types: ['input_text', 'input_audio', 'input_image'] },
  system: { item: SHAPES.systemMessage, part: SHAPES.systemContent, types: ['input_text'] },
  assistant: { item: SHAPES.assistantMessage, part: SHAPES.assistantContent, types: ['output_text', 'output_audio'] },
};

/**
 * A conversation item as `conversation.item.create` (or `response.input`) sends it.
 * @param {unknown} item @param {string} path @param {{ reference?: boolean }} [opts] @returns {ConfigError | null}
 */
export function checkItem(item, path, opts = {}) {
  if (item === undefined) return missingParameter(path);
  if (!isObject(item)) return invalidType(path, 'an object', item);
  const types = opts.reference ? ['message', 'function_call', 'function_call_output', 'item_reference'] : ['message', 'function_call', 'function_call_output'];
  if (item.type === undefined) return missingParameter(`${path}.type`);
  if (!types.includes(item.type)) return invalidValue(`${path}.type`, item.type, types);
  if (item.type === 'item_reference') {
    const bad = firstUnknownKey(item, path, ['type', 'id']);
    if (bad) return bad;
    return item.id === undefined ? missingParameter(`${path}.id`) : optionalString(item, 'id', path);
  }
  if (item.status !== undefined && !VALUES.itemStatus.includes(item.status)) return invalidValue(`${path}.status`, item.status, VALUES.itemStatus);
  if (item.object !== undefined && item.object !== 'realtime.item') return invalidValue(`${path}.object`, item.object, ['realtime.item']);
  if (item.id !== undefined && typeof item.id !== 'string') return invalidType(`${path}.id`, 'a string', item.id);
  if (item.type === 'message') return checkMessage(item, path);
  const shape = item.type === 'function_call' ? SHAPES.functionCall : SHAPES.functionCallOutput;
  const bad = firstUnknownKey(item, path, keysOf(shape));
  if (bad) return bad;
  const required = item.type === 'function_call' ? ['name', 'arguments', 'call_id'] : ['call_id', 'output'];
  for (const key of required) {
    if (item[key] === undefined) return missingParameter(`${path}.${key}`);
    if (typeof item[key] !== 'string') return invalidType(`${path}.${key}`, 'a string', item[key]);
  }
  return null;
}

/** @param {Record<string, any>} item @param {string} path @returns {ConfigError | null} */
function checkMessage(item, path) {
  if (item.role === undefined) return missingParameter(`${path}.role`);
  const shape = MESSAGE_SHAPES[/** @type {keyof MESSAGE_SHAPES} */ (item.role)];
  if (!shape) return invalidValue(`${path}.role`, item.role, Object.keys(MESSAGE_SHAPES));
  const bad = firstUnknownKey(item, path, keysOf(shape.item));
  if (bad) return bad;
  if (item.content === undefined) return missingParameter(`${path}.content`);
  if (!Array.isArray(item.content)) return invalidType(`${path}.content`, 'an array', item.content);
  for (const [i, part] of item.content.entries()) {
    const p = `${path}.content[${i}]`;
    if (!isObject(part)) return invalidType(p, 'an object', part);
    if (!shape.types.includes(part.type)) return invalidValue(`${p}.type`, part.type, shape.types);
    const unknown = firstUnknownKey(part, p, keysOf(shape.part));
    if (unknown) return unknown;
    for (const key of ['text', 'audio', 'transcript', 'image_url']) {
      const err = optionalString(part, key, p);
      if (err) return err;
    }
    if ((part.type === 'input_text' || part.type === 'output_text') && part.text === undefined) return missingParameter(`${p}.text`);
    if (part.type === 'input_image' && part.image_url === undefined) return missingParameter(`${p}.image_url`);
    if (part.detail !== undefined && !VALUES.imageDetail.includes(part.detail)) return invalidValue(`${p}.detail`, part.detail, VALUES.imageDetail);
  }
  return null;
}

/**
 * `metadata`: up to 16 string values (keys ≤ 64, values ≤ 512 characters), as everywhere in the API.
 * @param {unknown} m @param {string} path @returns {ConfigError | null}
 */
function checkMetadata(m, path) {
  if (m === undefined || m === null) return null;
  if (!isObject(m)) return invalidType(path, 'an object', m);
  const entries = Object.entries(m);
  if (entries.length > 16) return { code: 'invalid_value', param: path, message: `Invalid '${path}': too many properties. Expected an object with at most 16 properties, but got ${entries.length} instead.` };
  for (const [k, v] of entries) {
    if (typeof v !== 'string') return invalidType(`${path}.${k}`, 'a string', v);
    if (k.length > 64 || v.length > 512) return { code: 'invalid_value', param: `${path}.${k}`, message: `Invalid '${path}.${k}': key or value too long.` };
  }
  return null;
}

/** @param {unknown} r @param {string} path @returns {ConfigError | null} */
export function checkReasoning(r, path) {
  if (r === undefined) return null;
  if (!isObject(r)) return invalidType(path, 'an object', r);
  const bad = firstUnknownKey(r, path, keysOf(SHAPES.reasoning));
  if (bad) return bad;
  return r.effort === undefined || VALUES.reasoningEffort.includes(r.effort) ? null : invalidValue(`${path}.effort`, r.effort, VALUES.reasoningEffort);
}

/** @param {unknown} p @param {string} path @returns {ConfigError | null} */
export function checkPrompt(p, path) {
  if (p === undefined || p === null) return null;
  if (!isObject(p)) return invalidType(path, 'an object', p);
  const bad = firstUnknownKey(p, path, keysOf(SHAPES.prompt));
  if (bad) return bad;
  if (p.id === undefined) return missingParameter(`${path}.id`);
  return optionalString(p, 'id', path) ?? optionalString(p, 'version', path);
}

/**
 * The `response` object of `response.create` (RealtimeResponseCreateParams).
 * @param {unknown} params @param {{ voices: readonly string[], checkFormat: (f: unknown, p: string) => ConfigError | null }} audioChecks
 * @returns {ConfigError | null}
 */
export function checkResponseParams(params, audioChecks) {
  const path = 'response';
  if (params === undefined) return null;
  if (!isObject(params)) return invalidType(path, 'an object', params);
  const bad = firstUnknownKey(params, path, keysOf(SHAPES.response));
  if (bad) return bad;
  const err =
    checkOutputModalities(params.output_modalities, `${path}.output_modalities`) ??
    optionalString(params, 'instructions', path) ??
    tokenLimit(params.max_output_tokens, `${path}.max_output_tokens`) ??
    checkTools(params.tools, `${path}.tools`) ??
    checkToolChoice(params.tool_choice, `${path}.tool_choice`) ??
    checkMetadata(params.metadata, `${path}.metadata`) ??
    checkPrompt(params.prompt, `${path}.prompt`) ??
    checkReasoning(params.reasoning, `${path}.reasoning`);
  if (err) return err;
  if (params.parallel_tool_calls !== undefined && typeof params.parallel_tool_calls !== 'boolean') {
    return invalidType(`${path}.parallel_tool_calls`, 'a boolean', params.parallel_tool_calls);
  }
  if (params.conversation !== undefined && typeof params.conversation !== 'string') return invalidType(`${path}.conversation`, 'a string', params.conversation);
  if (params.conversation !== undefined && params.conversation !== 'auto' && params.conversation !== 'none') {
    return invalidValue(`${path}.conversation`, params.conversation, ['auto', 'none']);
  }
  if (params.input !== undefined) {
    if (!Array.isArray(params.input)) return invalidType(`${path}.input`, 'an array', params.input);
    for (const [i, item] of params.input.entries()) {
      const itemErr = checkItem(item, `${path}.input[${i}]`, { reference: true });
      if (itemErr) return itemErr;
    }
  }
  return checkResponseAudio(params.audio, `${path}.audio`, audioChecks);
}

/**
 * @param {unknown} audio @param {string} path
 * @param {{ voices: readonly string[], checkFormat: (f: unknown, p: string) => ConfigError | null }} checks
 * @returns {ConfigError | null}
 */
function checkResponseAudio(audio, path, checks) {
  if (audio === undefined) return null;
  if (!isObject(audio)) return invalidType(path, 'an object', audio);
  const bad = firstUnknownKey(audio, path, keysOf(SHAPES.responseAudio));
  if (bad || audio.output === undefined) return bad;
  const out = audio.output;
  const p = `${path}.output`;
  if (!isObject(out)) return invalidType(p, 'an object', out);
  const unknown = firstUnknownKey(out, p, keysOf(SHAPES.responseAudioOutput));
  if (unknown) return unknown;
  const fmt = checks.checkFormat(out.format, `${p}.format`);
  if (fmt) return fmt;
  if (out.voice === undefined || isObject(out.voice)) return null;
  if (typeof out.voice !== 'string') return invalidType(`${p}.voice`, 'a string', out.voice);
  return checks.voices.includes(out.voice) ? null : invalidValue(`${p}.voice`, out.voice, checks.voices);
}
