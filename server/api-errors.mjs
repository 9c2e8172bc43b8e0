// @ts-check
/**
 * The real API's validation errors (`invalid_request_error` with a code and a `param` path),
 * worded as the API words them where the wording is known (protocol doc §3.3, §5.7, §7).
 */

/** @typedef {{ code: string, message: string, param: string | null }} ConfigError */

/** @param {unknown} v */
export function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  return typeof v;
}

/** @param {string} param @param {string} expected @param {unknown} got @returns {ConfigError} */
export const invalidType = (param, expected, got) => ({
  code: 'invalid_type',
  param,
  message: `Invalid type for '${param}': expected ${expected}, but got ${typeName(got)} instead.`,
});

/** @param {string} param @param {unknown} got @param {readonly unknown[]} allowed @returns {ConfigError} */
export const invalidValue = (param, got, allowed) => ({
  code: 'invalid_value',
  param,
  message: `Invalid value: '${String(got)}'. Supported values are: ${allowed.map((a) => `'${a}'`).join(', ')}.`,
});

/** @param {string} param @returns {ConfigError} */
export const unknownParameter = (param) => ({ code: 'unknown_parameter', param, message: `Unknown parameter: '${param}'.` });

/** @param {string} param @returns {ConfigError} */
export const missingParameter = (param) => ({
  code: 'missing_required_parameter',
  param,
  message: `Missing required parameter: '${param}'.`,
});

/** @param {unknown} v @returns {v is Record<string, any>} */
export const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that `obj` has only `allowed` keys. Returns the first offender (`path` '' = top level).
 * @param {Record<string, unknown>} obj @param {string} path @param {readonly string[]} allowed
 */
export function firstUnknownKey(obj, path, allowed) {
  const bad = Object.keys(obj).find((k) => !allowed.includes(k));
  return bad === undefined ? null : unknownParameter(path ? `${path}.${bad}` : bad);
}

/**
 * An optional string field. @param {Record<string, unknown>} obj @param {string} key @param {string} path
 * @returns {ConfigError | null}
 */
export function optionalString(obj, key, path) {
  const v = obj[key];
  return v === undefined || typeof v === 'string' ? null : invalidType(`${path}.${key}`, 'a string', v);
}

/** An integer in [min, max] or 'inf' (`max_output_tokens`). @param {unknown} v @param {string} param */
export function tokenLimit(v, param) {
  if (v === undefined || v === 'inf' || (Number.isInteger(v) && Number(v) >= 1 && Number(v) <= 4096)) return null;
  return { code: 'invalid_value', param, message: `Invalid '${param}': expected an integer between 1 and 4096, or 'inf'.` };
}
