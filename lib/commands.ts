/**
 * Hark's keyboard shortcuts (manifest `commands`, changeable at chrome://extensions/shortcuts):
 * their names, default keys, and what each does in a given session state (pure).
 *
 * Default keys: Chrome lets an extension suggest at most four, and leaves a suggested key
 * unassigned when the browser already uses it. Alt+Shift+H (start/stop) is the toolbar click.
 * M (mute) and U (interrupt; "unterbrechen") are used by neither Chrome, Edge nor Firefox, and are
 * not access keys of Firefox's menu bar in English (F E V S B T H) or German (D B A C L X H), which
 * Firefox on Linux opens on Alt+Shift+<letter>. ChromeOS keeps Alt+Shift+M for its Files app.
 */
import type { SessionState } from './session/machine';

export const COMMAND_KEYS = {
  'toggle-mute': 'Alt+Shift+M',
  interrupt: 'Alt+Shift+U',
} as const;

export type HarkCommand = keyof typeof COMMAND_KEYS;

export type CommandAction = { kind: 'mute'; muted: boolean } | { kind: 'interrupt' } | { kind: 'none' };

/** What a shortcut does now: only a live conversation can be muted or interrupted; anything else is ignored. */
export function commandAction(command: string, state: SessionState): CommandAction {
  if (state.status !== 'live') return { kind: 'none' };
  if (command === 'toggle-mute') return { kind: 'mute', muted: !state.muted };
  // An interrupt with nothing playing sends nothing (Controls.interrupt checks the playback).
  if (command === 'interrupt') return { kind: 'interrupt' };
  return { kind: 'none' };
}
