/**
 * Who is talking, as the voice surface and the toolbar icon show it: one mode per thing the user
 * must be able to tell apart at a glance (a hot microphone above all).
 */
import type { SessionState } from '../session/machine';

export type VoiceMode = 'idle' | 'connecting' | 'listening' | 'hold' | 'user' | 'assistant' | 'muted' | 'reconnecting' | 'error';

/** `pushToTalk`: manual turn mode, and whether talk is held now. */
export function voiceMode(s: SessionState, pushToTalk?: { talking: boolean }): VoiceMode {
  switch (s.status) {
    case 'idle':
    case 'ending':
      return 'idle';
    case 'requesting-mic':
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
      // A first start retrying once has no connection to lose: it is still connecting.
      return s.wasLive === false ? 'connecting' : 'reconnecting';
    case 'error':
      return 'error';
    case 'live':
      if (s.muted) return 'muted';
      if (s.activity === 'assistant-speaking') return 'assistant';
      if (pushToTalk && !pushToTalk.talking) return 'hold';
      return s.activity === 'user-speaking' || pushToTalk?.talking ? 'user' : 'listening';
  }
}

/** Whose level the surface follows: the microphone's while you may speak, the assistant's while it answers. */
export function levelSource(mode: VoiceMode): 'input' | 'output' | null {
  if (mode === 'assistant') return 'output';
  if (mode === 'user' || mode === 'listening') return 'input';
  return null;
}
