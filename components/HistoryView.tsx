/**
 * Saved conversations: a list (open, delete, delete all with a confirmation step), and a
 * conversation reopened read-only with its page, Markdown/JSON export and delete.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HistoryEntry } from '@/lib/history/store';
import { titleOf, type Conversation } from '@/lib/history/export';
import { formatDateTime, t } from '@/lib/i18n';
import { TranscriptView } from './TranscriptView';
import { staticSource } from './transcript-store';

export interface HistoryViewProps {
  entries: HistoryEntry[];
  opened: Conversation | null;
  onOpen(id: string): void;
  onClose(): void;
  onDelete(id: string): void;
  onDeleteAll(): void;
  onExport(c: Conversation, kind: 'md' | 'json'): void;
}

function DeleteAll({ count, onConfirm }: { count: number; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  // The question takes focus, so a keyboard user answers it next.
  useEffect(() => confirm.current?.focus(), [asking]);
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        {t('history.deleteAll')}
      </button>
    );
  }
  return (
    <div class="confirm" role="alertdialog" aria-label={t('history.deleteAll')}>
      <p>{t('history.confirmAll', { n: count })}</p>
      <button type="button" class="danger" ref={confirm} onClick={() => (setAsking(false), onConfirm())}>
        {t('history.deleteAll')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('history.cancel')}
      </button>
    </div>
  );
}

function Opened({ c, ...p }: { c: Conversation } & Omit<HistoryViewProps, 'opened' | 'entries'>) {
  const source = useMemo(() => staticSource(c.messages), [c.messages]);
  return (
    <section class="history-open" aria-label={titleOf(c)}>
      <div class="history-bar">
        <button type="button" onClick={p.onClose}>
          ← {t('history.back')}
        </button>
        <button type="button" onClick={() => p.onExport(c, 'md')}>
          {t('history.exportMd')}
        </button>
        <button type="button" onClick={() => p.onExport(c, 'json')}>
          {t('history.exportJson')}
        </button>
        <button type="button" class="danger" onClick={() => p.onDelete(c.id)}>
          {t('history.delete')}
        </button>
      </div>
      <h2 class="history-title">{titleOf(c)}</h2>
      {c.page?.url && (
        <a class="history-url" href={c.page.url} target="_blank" rel="noreferrer">
          {c.page.url}
        </a>
      )}
      <TranscriptView source={source} />
    </section>
  );
}

export function HistoryView(p: HistoryViewProps) {
  if (p.opened) return <Opened c={p.opened} {...p} />;
  if (!p.entries.length) return <p class="empty">{t('history.empty')}</p>;
  return (
    <section class="history" aria-label={t('tabs.history')}>
      <ul class="history-list">
        {p.entries.map((e) => (
          <li key={e.id} class="history-item">
            <span class="history-item-title">{e.title || e.url || t('history.untitled')}</span>
            <span class="history-item-meta">
              {formatDateTime(e.startedAt)} · {t('history.messages', { n: e.count })}
            </span>
            <span class="history-item-actions">
              <button type="button" onClick={() => p.onOpen(e.id)} aria-label={`${t('history.open')}: ${e.title || e.url}`}>
                {t('history.open')}
              </button>
              <button type="button" onClick={() => p.onDelete(e.id)} aria-label={`${t('history.delete')}: ${e.title || e.url}`}>
                {t('history.delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <DeleteAll count={p.entries.length} onConfirm={p.onDeleteAll} />
    </section>
  );
}
