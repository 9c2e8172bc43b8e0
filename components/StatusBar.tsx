import type { SessionState } from '@/lib/session/machine';
import { t } from '@/lib/i18n';
import { DEFAULT_BACKOFF } from '@/lib/session/backoff';

/** Push-to-talk mode, and whether the button or Space is held now. */
export interface PushToTalk {
  talking: boolean;
}

/** The status line's words (the toolbar badge keeps `describe()` from the machine). */
export function statusLabel(s: SessionState, ptt?: PushToTalk): string {
  // In push-to-talk nothing is heard until the button is held: "Listening" would be untrue.
  if (s.status === 'live' && !s.muted && ptt && !ptt.talking && s.activity === 'listening') return t('status.holdToTalk');
  if (s.status === 'live') return t(`status.${s.muted ? 'muted' : s.activity}`);
  if (s.status === 'reconnecting') {
    // Only a conversation that was live has a connection to lose; a first start retries once at most.
    if (s.wasLive === false) return t('status.retryingStart');
    return t('status.reconnecting', { attempt: s.attempt, max: DEFAULT_BACKOFF.maxAttempts });
  }
  return t(`status.${s.status}`);
}
import type { PageSnapshot } from '@/lib/page/budget';

/** The empty transcript's hint: only when nothing is running (other states have the status line). */
export function emptyHint(s: SessionState): string {
  return s.status === 'idle' ? t('transcript.empty') : '';
}

export function StatusBar({ state, page, pushToTalk }: { state: SessionState; page: PageSnapshot | null; pushToTalk?: PushToTalk }) {
  const label = statusLabel(state, pushToTalk);
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
