/**
 * The end of a push-to-talk turn (issue 16): the microphone keeps flowing for a short tail after
 * release, so the last syllable (still in the capture and encoder pipeline) reaches the server
 * before `input_audio_buffer.commit`; then a reply is asked for only when there was something to
 * answer. The server refuses a buffer under 100 ms (`input_audio_buffer_commit_empty`) and commits
 * a longer silent one as a turn that transcribes to nothing: either way no `response.create` goes
 * out and the user reads "Didn't catch that", so two silent presses never produce two replies.
 *
 * With input transcription on, the reply waits for the turn's transcript (at most
 * `TRANSCRIPT_WAIT_MS`; a failed transcription still gets its answer: the model heard the audio).
 * Without it there is nothing to judge by, and the committed turn is answered at once.
 */
import type { ServerEvent } from '../realtime/protocol';
import { inputAudioBufferCommit } from '../realtime/protocol';
import type { VoiceClock } from './transport';

/**
 * Mic tail after release: covers the capture + Opus framing + RTP path, which the data channel's
 * commit would otherwise overtake. Measured at the local server (tests/e2e/realtime-fidelity
 * prints it, loaded 2-core machine): with 300 ms the last microphone packet of a press arrives in
 * the same poll as the commit (none after it), 390-520 ms after the key is released (the release
 * itself travels panel -> worker -> offscreen first). A per-syllable energy sweep of shorter tails
 * was not done; 300 ms is a margin over Chrome's 20 ms frames plus pacing, not a measured minimum.
 */
export const PTT_TAIL_MS = 300;
/** Longest wait for a turn's transcript before answering it anyway. */
export const TRANSCRIPT_WAIT_MS = 4_000;

export interface PushToTalkLink {
  send(e: ReturnType<typeof inputAudioBufferCommit>): boolean;
  requestResponse(): boolean;
}

export interface PushToTalkHooks {
  link(): PushToTalkLink | null;
  /** The tail is over: close the microphone (unless a new press opened it again). */
  closeMic(): void;
  /** Tell the user nothing was heard. */
  nothingHeard(): void;
}

type Pending = { phase: 'committing' } | { phase: 'transcribing'; itemId: string; timer: unknown };

export class PushToTalkTurns {
  private tail: unknown = null;
  private pending: Pending | null = null;
  /** Whether the session transcribes input (set per connection). */
  transcribes = true;

  constructor(
    private readonly clock: VoiceClock,
    private readonly hooks: PushToTalkHooks,
  ) {}

  /** The mic must stay open: a release's tail is still running. */
  get inTail(): boolean {
    return this.tail != null;
  }

  /** Released: commit once the tail has reached the server. */
  release(): void {
    this.clock.clearTimeout(this.tail);
    this.tail = this.clock.setTimeout(() => this.endTail(), PTT_TAIL_MS);
  }

  /** A new press during the tail: the previous turn is committed now, before the new one clears the buffer. */
  press(): void {
    if (this.tail != null) this.endTail();
  }

  private endTail(): void {
    this.clock.clearTimeout(this.tail);
    this.tail = null;
    this.hooks.closeMic();
    this.settle();
    if (this.hooks.link()?.send(inputAudioBufferCommit())) this.pending = { phase: 'committing' };
  }

  observe(e: ServerEvent): void {
    const p = this.pending;
    if (!p) return;
    if (p.phase === 'committing' && e.type === 'input_audio_buffer.committed') {
      if (this.transcribes && e.item_id) {
        this.pending = { phase: 'transcribing', itemId: e.item_id, timer: this.clock.setTimeout(() => this.answer(), TRANSCRIPT_WAIT_MS) };
      } else this.answer();
    } else if (p.phase === 'committing' && e.type === 'error' && e.error.code === 'input_audio_buffer_commit_empty') {
      this.settle();
      this.hooks.nothingHeard();
    } else if (p.phase === 'transcribing' && e.type === 'conversation.item.input_audio_transcription.completed' && e.item_id === p.itemId) {
      if (e.transcript.trim()) this.answer();
      else {
        this.settle();
        this.hooks.nothingHeard();
      }
    } else if (p.phase === 'transcribing' && e.type === 'conversation.item.input_audio_transcription.failed' && e.item_id === p.itemId) {
      this.answer();
    }
  }

  private answer(): void {
    this.settle();
    this.hooks.link()?.requestResponse();
  }

  private settle(): void {
    if (this.pending?.phase === 'transcribing') this.clock.clearTimeout(this.pending.timer);
    this.pending = null;
  }

  /** A new connection, or a switch away from push-to-talk: forget any turn in flight. */
  reset(): void {
    this.clock.clearTimeout(this.tail);
    this.tail = null;
    this.settle();
  }
}
