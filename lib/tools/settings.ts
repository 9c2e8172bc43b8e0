/**
 * The user's tool settings (pure). Every tool can be switched off; looking at the screen is off
 * by default, because an image cannot be redacted: when on, it is allowed without asking only on
 * the sites listed in `screenSites`, and elsewhere each capture is asked for (per question).
 */
import { TOOL_NAMES, type ToolName } from './names';
import { matchesPattern, parsePattern } from '../page/site-rules';

export interface ToolSettings {
  /** Per-tool on/off; a tool missing here uses its default. */
  enabled: Partial<Record<ToolName, boolean>>;
  /** Site patterns (as in the never-send list) where look_at_screen may capture without asking. */
  screenSites: string[];
}

/** Everything on except the screen capture. */
export const DEFAULT_TOOL_ENABLED: Record<ToolName, boolean> = Object.fromEntries(
  TOOL_NAMES.map((n) => [n, n !== 'look_at_screen']),
) as Record<ToolName, boolean>;

export const DEFAULT_TOOL_SETTINGS: ToolSettings = { enabled: {}, screenSites: [] };

export function toolEnabled(settings: ToolSettings | undefined, name: ToolName): boolean {
  const v = settings?.enabled?.[name];
  return typeof v === 'boolean' ? v : DEFAULT_TOOL_ENABLED[name];
}

/** Settings saved by an older version (or hand-edited) become a well-formed value. */
export function withToolDefaults(saved: Partial<ToolSettings> | undefined | null): ToolSettings {
  const enabled: Partial<Record<ToolName, boolean>> = {};
  for (const n of TOOL_NAMES) {
    const v = saved?.enabled?.[n];
    if (typeof v === 'boolean') enabled[n] = v;
  }
  const screenSites = Array.isArray(saved?.screenSites) ? saved.screenSites.filter((s): s is string => typeof s === 'string') : [];
  return { enabled, screenSites };
}

/** Whether a screen capture of `url` may go without asking (the site is on the user's list). */
export function screenAllowedFor(settings: ToolSettings | undefined, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (settings?.screenSites ?? []).some((p) => matchesPattern(u, p));
}

/**
 * The screen-sites list as the options page saves it: trimmed, lower-cased, without blanks,
 * comments or repeats. A line that is not a site pattern, or names a whole top-level domain
 * ("com" would let every .com page be captured without asking), is refused by name.
 */
export function normalizeScreenSites(list: readonly string[]): { ok: true; sites: string[] } | { ok: false; bad: string } {
  const sites: string[] = [];
  for (const raw of list) {
    const line = raw.trim().toLowerCase();
    if (!line || line.startsWith('#')) continue;
    const p = parsePattern(line);
    if (!p || (!p.host.includes('.') && p.host !== 'localhost')) return { ok: false, bad: raw.trim().slice(0, 80) };
    if (!sites.includes(line)) sites.push(line);
  }
  return { ok: true, sites };
}
