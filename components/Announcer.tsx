/**
 * The transcript's live region for screen readers. The visible list changes on every streamed
 * word; announcing that would read replies piecemeal, so this polite region speaks each message
 * once, when it becomes final (the store decides; see components/transcript-store.ts).
 */
import type { ReadonlySignal } from '@preact/signals';

export function Announcer({ text }: { text: ReadonlySignal<string> }) {
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text.value}
    </div>
  );
}
