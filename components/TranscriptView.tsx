import { useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { TranscriptSource } from './transcript-store';
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

/** Re-renders when a message is added or moves; a streamed delta re-renders only its row. */
export function TranscriptView({ source, emptyText = t('transcript.empty') }: { source: TranscriptSource; emptyText?: string }) {
  const list = useRef<HTMLOListElement>(null);
  const { onScroll, onGesture, away, jump } = useStickToBottom(list);
  const order = source.order.value;
  return (
    <div class="transcript-wrap">
      <ol
        class="transcript"
        ref={list}
        onScroll={onScroll}
        onWheel={onGesture}
        onTouchMove={onGesture}
        onPointerDown={onGesture}
        onKeyDown={(e) => {
          onGesture();
          onListKey(e);
        }}
        aria-label={t('transcript.label')}
        aria-describedby="transcript-keys"
        tabIndex={0}
      >
        {order.length === 0 && <li class="empty">{emptyText}</li>}
        {order.map((id) => (
          <MessageRow key={id} sig={source.row(id)} />
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
      <Announcer text={source.announcement} />
    </div>
  );
}
