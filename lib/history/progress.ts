/**
 * When the history recorder saves: as the conversation goes (each time the set of finished
 * messages changes), and once more when it ends. So a crash, a browser quit or an extension
 * reload loses at most the message that was still streaming.
 */
import { isActive, type SessionState } from '../session/machine';
import { messages as ordered, type Transcript } from '../transcript/reduce';

/** What the recorder decides on: the session's state and the transcript stored with it. */
export interface Progress {
  state: SessionState;
  transcript: Transcript | null;
}

/** A conversation is running from the first connect until its record leaves 'ending'. */
export const running = (rec: Pick<Progress, 'state'> | null | undefined): boolean =>
  !!rec && (isActive(rec.state) || rec.state.status === 'ending');

/** What a save would change: the finished messages, their text and whether they were cut off. */
export function finishedSignature(t: Transcript | null | undefined): string {
  if (!t) return '';
  return ordered(t)
    .filter((m) => m.final && (m.text.trim() || m.failed))
    .map((m) => `${m.id}:${m.text.length}:${m.interrupted ? 1 : 0}:${m.failed ? 1 : 0}`)
    .join('|');
}

/**
 * 'save' while running whenever a message finished since the previous record, and on the change
 * from running to ended; 'none' otherwise (later changes to an ended record never bring a
 * conversation the user deleted back).
 */
export function historyStep(rec: Progress | null, previous: Progress | null): 'save' | 'none' {
  if (!rec?.transcript) return 'none';
  if (running(rec)) {
    const now = finishedSignature(rec.transcript);
    return now && now !== finishedSignature(previous?.transcript) ? 'save' : 'none';
  }
  return running(previous) ? 'save' : 'none';
}

/** A storage failure in words a user can act on (quota or a full disk vs anything else). */
export function historyProblemText(error: unknown): string {
  const text = String(error instanceof Error ? error.message : error);
  return /quota|disk|space|full/i.test(text)
    ? 'History could not be saved: the disk is full. Free some space; Hark tries again with the next message.'
    : 'History could not be saved; Hark tries again with the next message.';
}
