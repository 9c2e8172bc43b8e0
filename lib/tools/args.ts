/**
 * Checks the model's arguments against the tool's spec before anything runs. The arguments are
 * JSON text the model wrote; a page that talked the model into odd arguments gets a plain error.
 */
import { isRecord } from '../realtime/shape';
import { TOOL_SPECS } from './definitions';
import type { ToolName } from './names';

export type ToolArgs = Record<string, string | number | boolean>;
export type ArgsResult = { ok: true; args: ToolArgs } | { ok: false; error: string };

/** Arguments beyond this are not a tool call anyone meant. */
const MAX_ARGUMENTS_CHARS = 4000;

export function parseArgs(name: ToolName, raw: string): ArgsResult {
  if (raw.length > MAX_ARGUMENTS_CHARS) return { ok: false, error: 'The arguments are too long.' };
  let value: unknown;
  try {
    value = raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return { ok: false, error: 'The arguments are not valid JSON.' };
  }
  if (!isRecord(value)) return { ok: false, error: 'The arguments must be a JSON object.' };
  const spec = TOOL_SPECS[name].params;
  const args: ToolArgs = {};
  for (const [key, v] of Object.entries(value)) {
    const p = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!p) return { ok: false, error: `Unknown argument "${key.slice(0, 40)}".` };
    if (v === null || v === undefined) continue;
    if (p.type === 'string') {
      if (typeof v !== 'string') return { ok: false, error: `"${key}" must be a string.` };
      const s = v.trim();
      if (p.maxLength && s.length > p.maxLength) return { ok: false, error: `"${key}" is longer than ${p.maxLength} characters.` };
      if (p.enum && !p.enum.includes(s)) return { ok: false, error: `"${key}" must be one of ${p.enum.join(', ')}.` };
      args[key] = s;
    } else if (p.type === 'integer') {
      if (typeof v !== 'number' || !Number.isInteger(v)) return { ok: false, error: `"${key}" must be a whole number.` };
      if ((p.minimum !== undefined && v < p.minimum) || (p.maximum !== undefined && v > p.maximum)) {
        return { ok: false, error: `"${key}" is out of range.` };
      }
      args[key] = v;
    } else {
      if (typeof v !== 'boolean') return { ok: false, error: `"${key}" must be true or false.` };
      args[key] = v;
    }
  }
  for (const [key, p] of Object.entries(spec)) {
    if (p.required && (args[key] === undefined || args[key] === '')) return { ok: false, error: `"${key}" is required.` };
  }
  return { ok: true, args };
}

export const str = (args: ToolArgs, key: string): string => {
  const v = args[key];
  return typeof v === 'string' ? v : '';
};
