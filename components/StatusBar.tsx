import type { SessionState } from '@/lib/session/machine';
import { t } from '@/lib/i18n';
import { DEFAULT_BACKOFF } from '@/lib/session/backoff';

/** The status line's words (the toolbar badge keeps `describe()` from the machine). */
export function statusLabel(s: SessionState): string {
  if (s.status === 'live') return t(`status.${s.muted ? 'muted' : s.activity}`);
  if (s.status === 'reconnecting') {
    // Only a conversation that was live has a connection to lose; a first start retries once at most.
    if (s.wasLive === false) return t('status.retryingStart');
    return t('status.reconnecting', { attempt: s.attempt, max: DEFAULT_BACKOFF.maxAttempts });
  }
  return t(`status.${s.status}`);
}
import type { PageSnapshot } from '@/lib/page/budget';

export function StatusBar({ state, page }: { state: SessionState; page: PageSnapshot | null }) {
  const label = statusLabel(state);
  const activity = state.status === 'live' ? (state.muted ? 'muted' : state.activity) : state.status;
  return (
    <header class="status">
      <p class="status-line" role="status" data-status={state.status} data-activity={activity}>
        <span class="dot" aria-hidden="true" />
        <span class="status-label">{label}</span>
      </p>
      {page && (
        <p class="page" title={page.url}>
          {t('page.about')} <span class="page-title">{page.title || page.url || t('page.none')}</span>
          {page.note && <span class="page-note"> — {page.note}</span>}
        </p>
      )}
    </header>
  );
}
