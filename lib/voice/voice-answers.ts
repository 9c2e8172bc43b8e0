/**
 * Answering a tool's confirmation by voice. While a confirming tool call (open_link, go_back, a
 * screenshot) waits, the final transcript of the user's next spoken turn is parsed
 * (lib/tools/voice-answer.ts); a clear "yes" or "no" goes to the worker, which applies it to the
 * confirmation on screen only if that was asked before the user started speaking.
 *
 * Only `conversation.item.input_audio_transcription.completed` is read: the transcript of the
 * user's own microphone turn. The assistant's speech (`response.output_audio_transcript.*`), its
 * text, typed messages and page text never reach the parser, so a page that talks the model into
 * saying "yes" has no way to confirm anything.
 *
 * Response ordering (the ResponseGate queues, never interrupts): server VAD starts a reply to the
 * "yes" turn before its transcript arrives. When that turn turns out to be the answer, and the
 * worker applied it, that reply is cancelled while still running: the tool's output is then added
 * and the gate's queued `response.create` goes out after the cancelled response is done, so the
 * one reply the user hears comes after the tool output ("Opened it"), never before it.
 */
import type { ServerEvent } from '../realtime/protocol';
import { parseSpokenAnswer } from '../tools/voice-answer';

export interface VoiceAnswerHost {
  /** A tool that may be waiting for the user's confirmation is running. */
  awaitingConfirmation(): boolean;
  /** Sends the answer to the worker; true when it answered a pending confirmation. */
  answer(allow: boolean, spokeAt: number): Promise<boolean>;
  /** The server is generating a reply right now. */
  responding(): boolean;
  /** Cancels the reply in progress (and what of it is queued to play). */
  cancelReply(): void;
  now(): number;
}

/** Only the last few turns matter; older start times are dropped. */
const KEEP_TURNS = 20;

export class VoiceAnswers {
  /** When each user audio turn began (speech started, or the item was added for push-to-talk). */
  private readonly spokeAt = new Map<string, number>();
  /** The latest user audio item. */
  private lastUserItem: string | null = null;
  /** The user item the running response answers (the latest one when it was created). */
  private replyTo: string | null = null;

  constructor(private readonly host: VoiceAnswerHost) {}

  observe(e: ServerEvent): void {
    // The parser checked every field read here (lib/realtime/server-events.ts).
    if (e.type === 'input_audio_buffer.speech_started') {
      if (e.item_id) this.mark(e.item_id);
    } else if (e.type === 'conversation.item.added') {
      const { id, role, content } = e.item;
      if (id && role === 'user' && content?.some((c) => c.type === 'input_audio')) {
        this.mark(id);
        this.lastUserItem = id;
      }
    } else if (e.type === 'response.created') {
      this.replyTo = this.lastUserItem;
    } else if (e.type === 'response.done') {
      this.replyTo = null;
    } else if (e.type === 'conversation.item.input_audio_transcription.completed') {
      if (e.item_id) void this.heard(e.item_id, e.transcript);
    }
  }

  private mark(id: string): void {
    if (!this.spokeAt.has(id)) this.spokeAt.set(id, this.host.now());
    while (this.spokeAt.size > KEEP_TURNS) this.spokeAt.delete(this.spokeAt.keys().next().value as string);
  }

  private async heard(itemId: string, transcript: string): Promise<void> {
    // A transcript of a turn this session never saw start (a replayed item) is not an answer now.
    const at = this.spokeAt.get(itemId);
    if (at === undefined || !this.host.awaitingConfirmation()) return;
    const answer = parseSpokenAnswer(transcript);
    if (!answer) return;
    const applied = await this.host.answer(answer === 'yes', at).catch(() => false);
    // The reply the server started for this very turn would come before the tool's output.
    if (applied && this.replyTo === itemId && this.host.responding()) this.host.cancelReply();
  }

  reset(): void {
    this.spokeAt.clear();
    this.lastUserItem = null;
    this.replyTo = null;
  }
}
