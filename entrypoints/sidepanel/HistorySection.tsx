/** The panel's two views (the live conversation and saved history) and the history view's wiring. */
import { HistoryView } from '@/components/HistoryView';
import { t } from '@/lib/i18n';
import { download, entries, historyProblem, openConversation, opened, removeAll, removeConversation, view } from './history';

export function ViewTabs() {
  const tab = (name: 'conversation' | 'history', label: string) => (
    <button type="button" class="tab" aria-pressed={view.value === name} onClick={() => (view.value = name)}>
      {label}
    </button>
  );
  return (
    <nav class="tabs" aria-label={t('tabs.conversation') + ' / ' + t('tabs.history')}>
      {tab('conversation', t('tabs.conversation'))}
      {tab('history', `${t('tabs.history')}${entries.value.length ? ` (${entries.value.length})` : ''}`)}
      {historyProblem.value && <p class="history-problem" role="alert">{historyProblem.value}</p>}
    </nav>
  );
}

export function HistorySection() {
  return (
    <HistoryView
      entries={entries.value}
      opened={opened.value}
      onOpen={(id) => void openConversation(id)}
      onClose={() => (opened.value = null)}
      onDelete={(id) => void removeConversation(id)}
      onDeleteAll={() => void removeAll()}
      onExport={download}
    />
  );
}
