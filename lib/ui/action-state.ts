/**
 * The toolbar icon for each session state: badge text and colour, the tooltip (which says what a
 * click will do), and the glyph drawn on the icon. A hot microphone must be obvious: listening,
 * hearing you, muted (still connected, still billed: a mic-slash, never "OFF"), the assistant
 * speaking, reconnecting and errors each look different, by glyph and text, not colour alone.
 */
import type { SessionState } from '../session/machine';
import { t } from '../i18n';
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

export function actionState(s: SessionState): ActionState {
  const mode = voiceMode(s);
  switch (mode) {
    case 'idle':
      return { mode, badge: '', color: GREY, title: t('action.idle'), glyph: 'default' };
    case 'connecting':
      return { mode, badge: s.status === 'requesting-mic' ? 'MIC' : '…', color: AMBER, title: t('action.connecting'), glyph: 'dots' };
    case 'listening':
    case 'hold':
      return { mode, badge: 'ON', color: GREEN, title: t('action.listening'), glyph: 'mic' };
    case 'user':
      return { mode, badge: 'ON', color: GREEN, title: t('action.hearing'), glyph: 'mic' };
    case 'assistant':
      return { mode, badge: 'SPK', color: BLUE, title: t('action.speaking'), glyph: 'speaker' };
    case 'muted':
      return { mode, badge: 'MUTE', color: GREY, title: t('action.muted'), glyph: 'mic-off' };
    case 'reconnecting':
      return { mode, badge: '↻', color: AMBER, title: t('action.reconnecting'), glyph: 'dots' };
    case 'error':
      return { mode, badge: '!', color: RED, title: t('action.error'), glyph: 'alert' };
  }
}
