/**
 * Confirmations for acting tools. A request names the exact action and target; it stays pending
 * until the user answers in the side panel, the call is aborted (the conversation ended), or it
 * has waited too long. Nothing but `answer` can allow it: a page, or the model, has no path here.
 */
import { TOOL_TIMEOUT_MS } from './contract';
import type { ToolName } from './names';

export interface ConfirmRequest {
  tool: ToolName;
  /** What will happen, in words: "Open this link in this tab". */
  action: string;
  /** Exactly where: the full address, or the page it goes back to. */
  target: string;
  /** Optional: the link's text as the page shows it (page data; shown to the user only). */
  detail?: string;
}

export interface PendingConfirmation extends ConfirmRequest {
  id: string;
}

export type ConfirmAnswer = 'allowed' | 'denied' | 'timed-out' | 'cancelled';

/** Long enough to read and decide; a question nobody answers must not hold a response forever. */
export const CONFIRM_TIMEOUT_MS = 120_000;

interface Entry {
  req: PendingConfirmation;
  settle: (a: ConfirmAnswer) => void;
  /** When it was asked (the same clock as a spoken answer's start). */
  askedAt: number;
}

export class Confirmations {
  private readonly pending = new Map<string, Entry>();
  private seq = 0;

  constructor(
    private readonly onChange: (pending: PendingConfirmation[]) => void,
    private readonly timeoutMs = CONFIRM_TIMEOUT_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  list(): PendingConfirmation[] {
    return [...this.pending.values()].map((e) => e.req);
  }

  ask(req: ConfirmRequest, signal?: AbortSignal): Promise<ConfirmAnswer> {
    if (signal?.aborted) return Promise.resolve('cancelled');
    const id = `c${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    return new Promise<ConfirmAnswer>((resolve) => {
      const timer = setTimeout(() => done('timed-out'), this.timeoutMs);
      const onAbort = () => done('cancelled');
      const done = (a: ConfirmAnswer) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.onChange(this.list());
        resolve(a);
      };
      signal?.addEventListener('abort', onAbort);
      this.pending.set(id, { req: { ...req, id }, settle: done, askedAt: this.now() });
      this.onChange(this.list());
    });
  }

  /** The user's answer; false when there is no such pending request (already answered, or made up). */
  answer(id: string, allow: boolean): boolean {
    const e = this.pending.get(id);
    if (!e) return false;
    e.settle(allow ? 'allowed' : 'denied');
    return true;
  }

  /**
   * A spoken "yes"/"no" (lib/voice/voice-answers.ts): it answers the confirmation on screen (the
   * first pending one), and only if that was asked before the user started speaking: words begun
   * before a question appeared are not an answer to it. False when nothing was answered.
   */
  answerSpoken(allow: boolean, spokeAt: number): boolean {
    const first = this.pending.values().next().value as Entry | undefined;
    if (!first || !Number.isFinite(spokeAt) || first.askedAt > spokeAt) return false;
    first.settle(allow ? 'allowed' : 'denied');
    return true;
  }

  /** The conversation ended: every pending request is cancelled (never allowed). */
  cancelAll(): void {
    for (const e of [...this.pending.values()]) e.settle('cancelled');
  }
}

/** Tools that may wait for the user's answer (look_at_screen asks on sites not on the user's list). */
export const CONFIRMING_TOOLS: ReadonlySet<string> = new Set<ToolName>(['open_link', 'go_back', 'look_at_screen']);

/** Margin past the confirmation's own timeout, so the tool reports "timed out" itself (and the question is withdrawn). */
const CONFIRM_MARGIN_MS = 15_000;

/** The voice session's timeout for one call: a confirming tool outlives its question. */
export function toolTimeoutMs(name: string): number {
  return CONFIRMING_TOOLS.has(name) ? CONFIRM_TIMEOUT_MS + CONFIRM_MARGIN_MS : TOOL_TIMEOUT_MS;
}
