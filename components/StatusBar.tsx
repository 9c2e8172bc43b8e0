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
import { pageNoteText } from '@/lib/page/notes';
import type { StopReason } from '@/lib/ui/stop-reason';

/** The empty transcript's hint: only when nothing is running (other states have the status line). */
export function emptyHint(s: SessionState): string {
  return s.status === 'idle' ? t('transcript.empty') : '';
}

export interface StatusBarProps {
  state: SessionState;
  page: PageSnapshot | null;
  pushToTalk?: PushToTalk;
  /** Why the last session stopped (shown while idle). */
  stopped?: StopReason;
  /** The "Shared with the assistant" card is open. */
  sharedOpen?: boolean;
  onPage?(): void;
}

/** The status line's words, with why the last session stopped when it did not stop by itself. */
export function statusText(s: SessionState, ptt?: PushToTalk, stopped?: StopReason): string {
  if (stopped === 'cap') return t('status.stoppedCap');
  if (stopped === 'idle') return t('status.stoppedIdle');
  if (stopped === 'error' && s.status === 'error') return t('status.stoppedError');
  return statusLabel(s, ptt);
}

/** One compact header: the state (dot and words) and, beside it, a chip for the page being talked about. */
export function StatusBar({ state, page, pushToTalk, stopped, sharedOpen = false, onPage }: StatusBarProps) {
  const label = statusText(state, pushToTalk, stopped);
  const activity = state.status === 'live' ? (state.muted ? 'muted' : state.activity) : state.status;
  const note = page ? pageNoteText(page) : '';
  return (
    <div class="status">
      <p class="status-line" role="status" data-status={state.status} data-activity={activity} data-stopped={stopped ?? undefined}>
        <span class="dot" aria-hidden="true" />
        <span class="status-label">{label}</span>
      </p>
      {page && (
        <button
          type="button"
          class="page"
          aria-expanded={sharedOpen}
          aria-controls="shared-card"
          title={t('page.chipTitle', { page: page.title || page.url || t('page.none') })}
          onClick={onPage}
        >
          <span class="visually-hidden">{t('page.about')} </span>
          <span class="page-title">{page.title || page.url || t('page.none')}</span>
          {note && (
            <>
              <span class="page-flag" aria-hidden="true">
                !
              </span>
              {/* The full reason is in the card; here for screen readers (and the chip's name). */}
              <span class="page-note visually-hidden"> — {note}</span>
            </>
          )}
        </button>
      )}
    </div>
  );
}
