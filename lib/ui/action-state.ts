/**
 * The toolbar icon for each session state: badge text and colour, the tooltip (which says what a
 * click will do), and the glyph drawn on the icon. A hot microphone must be obvious: listening,
 * hearing you, muted (still connected, still billed: a mic-slash, never "OFF"), the assistant
 * speaking, reconnecting and errors each look different, by glyph and text, not colour alone.
 */
import type { SessionState } from '../session/machine';
import { t, type MessageKey } from '../i18n';
import { voiceMode, type VoiceMode } from './voice-mode';

/** What the icon shows: the product icon itself (idle), or a glyph on a coloured disc. */
export type ActionGlyph = 'default' | 'mic' | 'mic-off' | 'speaker' | 'dots' | 'alert';

export interface ActionState {
  mode: VoiceMode;
  badge: string;
  /** Badge background (#rrggbb); white text is legible on each (≥ 4.5:1). */
  color: string;
  title: string;
  glyph: ActionGlyph;
}

const GREEN = '#137333';
const BLUE = '#1967d2';
const GREY = '#5f6368';
const AMBER = '#b05a00';
const RED = '#b3261e';

type Row = Omit<ActionState, 'mode' | 'title'> & { title: MessageKey };

/** The microphone is open: the same badge whether or not the user is talking right now. */
const MIC_ON = { badge: 'ON', color: GREEN, glyph: 'mic' } as const;

/** One row per mode: a state that differs from another differs here, in one place. */
const ROWS: Record<VoiceMode, Row> = {
  idle: { badge: '', color: GREY, title: 'action.idle', glyph: 'default' },
  connecting: { badge: '…', color: AMBER, title: 'action.connecting', glyph: 'dots' },
  listening: { ...MIC_ON, title: 'action.listening' },
  hold: { ...MIC_ON, title: 'action.listening' },
  user: { ...MIC_ON, title: 'action.hearing' },
  assistant: { badge: 'SPK', color: BLUE, title: 'action.speaking', glyph: 'speaker' },
  muted: { badge: 'MUTE', color: GREY, title: 'action.muted', glyph: 'mic-off' },
  reconnecting: { badge: '↻', color: AMBER, title: 'action.reconnecting', glyph: 'dots' },
  error: { badge: '!', color: RED, title: 'action.error', glyph: 'alert' },
};

export function actionState(s: SessionState): ActionState {
  const mode = voiceMode(s);
  const { badge, color, title, glyph } = ROWS[mode];
  // Waiting for the microphone permission says so on the badge.
  return { mode, badge: s.status === 'requesting-mic' ? 'MIC' : badge, color, title: t(title), glyph };
}
