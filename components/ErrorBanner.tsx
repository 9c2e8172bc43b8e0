import type { SessionError } from '@/lib/errors';
import { t, type MessageKey } from '@/lib/i18n';
import { errorView } from '@/lib/ui/error-view';

/** What the user can do about an error, keyed by its reason. */
const ACTIONS: Partial<Record<SessionError['reason'], { label: MessageKey; hash: string }>> = {
  auth: { label: 'error.openSettings', hash: '' },
  forbidden: { label: 'error.openSettings', hash: '' },
  'bad-request': { label: 'error.openSettings', hash: '' },
  'mic-denied': { label: 'error.fixMic', hash: '#microphone' },
  'mic-permission-needed': { label: 'error.allowMic', hash: '#microphone' },
};

export interface ErrorBannerProps {
  error: SessionError;
  onOpenSettings: (hash: string) => void;
  /** Starts again. */
  onRetry: () => void;
}

/**
 * One line saying what happened, and what to do; the server's own words behind Details. A retryable error (server unreachable, 5xx, rate
 * limit) that still ended the session is most often a wrong Server URL or a server that is not
 * running: both actions are offered, trying again and checking the settings.
 */
export function ErrorBanner({ error, onOpenSettings, onRetry }: ErrorBannerProps) {
  const action = ACTIONS[error.reason];
  const view = errorView(error.message);
  return (
    <div class="error" role="alert" data-reason={error.reason}>
      <p class="error-headline">{view.headline}</p>
      {view.serverSaid && (
        <details class="error-details">
          <summary>{t('error.details')}</summary>
          <p>{t('error.serverSaidText', { text: view.serverSaid })}</p>
        </details>
      )}
      {error.retryable ? (
        <div class="error-actions">
          <button type="button" class="primary" onClick={onRetry}>
            {t('error.retry')}
          </button>
          <button type="button" class="link" onClick={() => onOpenSettings('')}>
            {t('error.openSettings')}
          </button>
        </div>
      ) : (
        action && (
          <button type="button" onClick={() => onOpenSettings(action.hash)}>
            {t(action.label)}
          </button>
        )
      )}
    </div>
  );
}
