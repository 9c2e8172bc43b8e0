/**
 * A transcript shaped for rendering: the order is one signal and every message is its own signal.
 * A streamed delta replaces one message, so exactly one row re-renders and nothing else runs:
 * no list diff, no copy of a 2,000-entry map, no pass over every message. The list re-renders
 * only when a message is added or moves.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { placeId, type Message, type Transcript } from '@/lib/transcript/reduce';
import { t } from '@/lib/i18n';

export interface TranscriptSource {
  readonly order: ReadonlySignal<readonly string[]>;
  row(id: string): ReadonlySignal<Message>;
  /** What the screen-reader live region says: the latest message that became final. */
  readonly announcement: ReadonlySignal<string>;
}

export class TranscriptStore implements TranscriptSource {
  readonly order = signal<readonly string[]>([]);
  readonly announcement = signal('');
  private rows = new Map<string, Signal<Message>>();

  row(id: string): ReadonlySignal<Message> {
    return this.rows.get(id)!;
  }

  /** The messages in order (for export and tests; not on the streaming path). */
  messages(): Message[] {
    return this.order.peek().map((id) => this.rows.get(id)!.peek());
  }

  /**
   * Inserts or replaces a message, positioned after `afterId` the first time (see
   * `lib/transcript/reduce.ts`). A message that becomes final is announced once.
   */
  apply(m: Message, afterId?: string | null): void {
    const old = this.rows.get(m.id);
    const prev = old?.peek();
    if (old) old.value = m;
    else this.rows.set(m.id, signal(m));
    const order = this.order.peek();
    const next = placeId(order, m.id, afterId, (id) => this.rows.get(id)?.peek().role === 'notice');
    if (next !== order) this.order.value = next;
    if (m.final && m.text && m.role !== 'notice' && !prev?.final) {
      this.announcement.value = t('transcript.said', { who: t(`role.${m.role}`), text: m.text });
    }
  }

  /**
   * Replaces everything with `transcript` (a snapshot, a reset). Nothing is announced: messages
   * already there when the view opens are not re-read. `keep`: also keep messages this store has
   * that the snapshot lacks (they arrived while it was on its way).
   */
  load(transcript: Transcript, { keep = false } = {}): void {
    const mine = keep ? this.messages() : [];
    const rows = new Map<string, Signal<Message>>();
    for (const id of transcript.order) {
      const m = transcript.byId[id]!;
      const sig = this.rows.get(id);
      if (sig) sig.value = m;
      rows.set(id, sig ?? signal(m));
    }
    const order = [...transcript.order];
    for (const m of mine) {
      if (rows.has(m.id)) continue;
      rows.set(m.id, this.rows.get(m.id)!);
      order.push(m.id);
    }
    this.rows = rows;
    this.order.value = order;
  }
}

/** A store over a fixed list (a conversation reopened from history). */
export function staticSource(messages: readonly Message[]): TranscriptSource {
  const store = new TranscriptStore();
  store.load({ order: messages.map((m) => m.id), byId: Object.fromEntries(messages.map((m) => [m.id, m])) });
  return store;
}
