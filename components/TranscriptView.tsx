import { useEffect, useRef } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { memo } from 'preact/compat';
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
  if (!(e.currentTarget instanceof Element)) return;
  const rows = e.currentTarget.querySelectorAll<HTMLElement>('.msg');
  const current = e.target instanceof Element ? e.target.closest<HTMLElement>('.msg') : null;
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

/**
 * Rows come in blocks of this many. The browser skips blocks off screen (`content-visibility:
 * auto` in ux.css); per row, its visibility check and the list's layout ran over every row each
 * frame, and at ~1,500 messages a streaming reply spent most of each frame there.
 */
const BLOCK_SIZE = 50;

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** A block re-renders only when its own ids change (a message added to it or moved). */
const Block = memo(
  ({ ids, source }: { ids: string[]; source: TranscriptSource }) => (
    <div class="block">
      {ids.map((id) => (
        <MessageRow key={id} sig={source.row(id)} />
      ))}
    </div>
  ),
  (a, b) => a.source === b.source && sameIds(a.ids, b.ids),
);

/** Re-renders when a message is added or moves; a streamed delta re-renders only its row. */
export function TranscriptView({
  source,
  emptyText = t('transcript.empty'),
  jumpOn,
}: {
  source: TranscriptSource;
  emptyText?: string;
  /** Changes when the user sends a message: the list scrolls to it, even if they had scrolled up. */
  jumpOn?: ReadonlySignal<number>;
}) {
  const list = useRef<HTMLDivElement>(null);
  const { onScroll, onGesture, away, jump } = useStickToBottom(list);
  const sends = jumpOn?.value ?? 0;
  useEffect(() => {
    if (sends) jump();
  }, [sends]);
  const order = source.order.value;
  const blocks = [];
  for (let i = 0; i < order.length; i += BLOCK_SIZE) blocks.push(<Block key={i} ids={order.slice(i, i + BLOCK_SIZE)} source={source} />);
  return (
    <div class="transcript-wrap">
      {/* A list of rows with generic blocks in between (ARIA allows those; <ol> would not). */}
      <div
        class="transcript"
        role="list"
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
        {order.length === 0 && emptyText && (
          <div class="empty" role="listitem">
            {emptyText}
          </div>
        )}
        {blocks}
      </div>
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
