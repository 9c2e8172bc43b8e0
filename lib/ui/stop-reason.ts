/**
 * Why the last session stopped, for the status line while idle: the cost cap, silence, or an
 * error. The offscreen document records the first two as notices in the transcript (ids
 * `cap-…` and `idle-…`), so the last message tells; a stop the user asked for has no reason.
 */
import type { SessionState } from '../session/machine';

export type StopReason = 'cap' | 'idle' | 'error' | null;

export function stopReason(s: SessionState, last: { id: string; role: string } | undefined): StopReason {
  if (s.status === 'error') return 'error';
  if (s.status !== 'idle' || !last || last.role !== 'notice') return null;
  if (last.id.startsWith('cap-')) return 'cap';
  if (last.id.startsWith('idle-')) return 'idle';
  return null;
}
