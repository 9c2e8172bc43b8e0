/**
 * The transcript's live region for screen readers. The visible list changes on every streamed
 * word; announcing that would read replies piecemeal, so this polite region speaks each message
 * once, when it becomes final. Messages already there when the view opens are not re-read.
 */
import { useRef } from 'preact/hooks';
import type { Message } from '@/lib/transcript/reduce';
import { t } from '@/lib/i18n';
import { who } from './MessageRow';

export function Announcer({ messages }: { messages: Message[] }) {
  const seen = useRef<Set<string> | null>(null);
  const last = useRef('');
  if (!seen.current) {
    seen.current = new Set(messages.filter((m) => m.final).map((m) => m.id));
  } else {
    for (const m of messages) {
      if (!m.final || seen.current.has(m.id)) continue;
      seen.current.add(m.id);
      if (m.text) last.current = t('transcript.said', { who: who(m), text: m.text });
    }
  }
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {last.current}
    </div>
  );
}
