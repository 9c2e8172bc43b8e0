import { useRef } from 'preact/hooks';
import type { Message } from '@/lib/transcript/reduce';
import { t } from '@/lib/i18n';
import { MessageRow } from './MessageRow';
import { Announcer } from './Announcer';
import { useStickToBottom } from './useStickToBottom';

/**
 * The list is one tab stop: arrow keys, Home and End move between messages (so 2,000 messages
 * are not 2,000 stops on the way to the message box), and C copies the focused one.
 */
function onListKey(e: KeyboardEvent): void {
  const rows = (e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>(':scope > li.msg');
  const current = (e.target as HTMLElement).closest<HTMLElement>('li.msg');
  const i = current ? Array.prototype.indexOf.call(rows, current) : -1;
  const last = rows.length - 1;
  const next = { ArrowDown: i < 0 ? 0 : Math.min(last, i + 1), ArrowUp: i < 0 ? last : Math.max(0, i - 1), Home: 0, End: last }[e.key];
  if (e.key.toLowerCase() === 'c' && current && !e.ctrlKey && !e.metaKey) {
    current.querySelector<HTMLButtonElement>('button.copy')?.click();
  } else if (next == null || last < 0) {
    return;
  } else {
    rows[next]!.focus();
  }
  e.preventDefault();
}

export function TranscriptView({ messages, emptyText = t('transcript.empty') }: { messages: Message[]; emptyText?: string }) {
  const list = useRef<HTMLOListElement>(null);
  const { onScroll, away, jump } = useStickToBottom(list, messages);
  return (
    <div class="transcript-wrap">
      <ol
        class="transcript"
        ref={list}
        onScroll={onScroll}
        onKeyDown={onListKey}
        aria-label={t('transcript.label')}
        aria-describedby="transcript-keys"
        tabIndex={0}
      >
        {messages.length === 0 && <li class="empty">{emptyText}</li>}
        {messages.map((m) => (
          <MessageRow key={m.id} m={m} />
        ))}
      </ol>
      {away && (
        <button type="button" class="jump" onClick={jump}>
          {t('transcript.jump')}
        </button>
      )}
      <span id="transcript-keys" class="visually-hidden">
        {t('transcript.keys')}
      </span>
      <Announcer messages={messages} />
    </div>
  );
}
