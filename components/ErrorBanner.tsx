import type { SessionError } from '@/lib/errors';
import { t, type MessageKey } from '@/lib/i18n';

/** What the user can do about an error, keyed by its reason. */
const ACTIONS: Partial<Record<SessionError['reason'], { label: MessageKey; hash: string }>> = {
  auth: { label: 'error.openSettings', hash: '' },
  forbidden: { label: 'error.openSettings', hash: '' },
  'bad-request': { label: 'error.openSettings', hash: '' },
  'mic-denied': { label: 'error.fixMic', hash: '#microphone' },
  'mic-permission-needed': { label: 'error.allowMic', hash: '#microphone' },
};

export function ErrorBanner({ error, onOpenSettings }: { error: SessionError; onOpenSettings: (hash: string) => void }) {
  const action = ACTIONS[error.reason];
  return (
    <div class="error" role="alert" data-reason={error.reason}>
      <p>{error.message}</p>
      {action && (
        <button type="button" onClick={() => onOpenSettings(action.hash)}>
          {t(action.label)}
        </button>
      )}
    </div>
  );
}
