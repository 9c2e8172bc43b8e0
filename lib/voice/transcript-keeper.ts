/**
 * The voice session's transcript and who hears about it: every changed message goes to the report
 * (placed after its predecessor), and a final one schedules a checkpoint to the worker, which keeps
 * the conversation if this document crashes.
 */
import type { Note } from '../realtime/note';
import { addNotice, emptyTranscript, type Transcript } from '../transcript/reduce';
import { noteText } from '../ui/note-text';
import type { VoiceClock } from './transport';
import type { VoiceReport } from './contract';

/** Checkpoints go in the next task: finals of one event batch go together. */
const CHECKPOINT_MS = 0;

export interface TranscriptKeeper {
  get(): Transcript;
  /** Replaces the transcript and reports the messages named in `changed`. */
  set(next: Transcript, changed: string[]): void;
  /** Starts over (a new conversation) or from a given copy (a crashed document's, kept by the worker); reports nothing. */
  reset(to?: Transcript): void;
  notice(id: string, text: string): void;
  /** A server problem's line (a failed reply, a limit nearly used up), rendered later in the panel's language. */
  problem(note: Note): void;
}

export function createTranscriptKeeper(clock: VoiceClock, report: Pick<VoiceReport, 'message' | 'checkpoint'>, attempt: () => number | null): TranscriptKeeper {
  let transcript: Transcript = emptyTranscript();
  let checkpointTimer: unknown = null;
  /** Numbers the problem notices (ids are unique within a session). */
  let problems = 0;

  function scheduleCheckpoint(): void {
    if (checkpointTimer != null || attempt() == null) return;
    checkpointTimer = clock.setTimeout(() => {
      checkpointTimer = null;
      const a = attempt();
      if (a != null) report.checkpoint(a, transcript);
    }, CHECKPOINT_MS);
  }

  function set(next: Transcript, changed: string[]): void {
    transcript = next;
    for (const id of changed) {
      const i = next.order.indexOf(id);
      report.message(next.byId[id]!, i > 0 ? next.order[i - 1]! : null);
    }
    if (changed.some((id) => next.byId[id]?.final)) scheduleCheckpoint();
  }

  return {
    get: () => transcript,
    set,
    reset(to = emptyTranscript()) {
      transcript = to;
    },
    notice(id, text) {
      set(addNotice(transcript, id, text, clock.now()), [id]);
    },
    problem(note) {
      const id = `problem-${clock.now()}-${++problems}`;
      set(addNotice(transcript, id, noteText(note), clock.now(), note), [id]);
    },
  };
}
