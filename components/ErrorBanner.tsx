import type { SessionError } from '@/lib/errors';

/** What the user can do about an error, keyed by its reason. */
const ACTIONS: Partial<Record<SessionError['reason'], { label: string; hash: string }>> = {
  auth: { label: 'Open settings', hash: '' },
  forbidden: { label: 'Open settings', hash: '' },
  'bad-request': { label: 'Open settings', hash: '' },
  'mic-denied': { label: 'Fix microphone access', hash: '#microphone' },
  'mic-permission-needed': { label: 'Allow microphone', hash: '#microphone' },
};

export function ErrorBanner({ error, onOpenSettings }: { error: SessionError; onOpenSettings: (hash: string) => void }) {
  const action = ACTIONS[error.reason];
  return (
    <div class="error" role="alert" data-reason={error.reason}>
      <p>{error.message}</p>
      {action && (
        <button type="button" onClick={() => onOpenSettings(action.hash)}>
          {action.label}
        </button>
      )}
    </div>
  );
}
