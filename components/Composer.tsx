import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { inputValue } from './form-events';
import type { SessionState } from '@/lib/session/machine';

/**
 * The placeholder follows the session. While connecting or reconnecting, typing is allowed and the
 * draft kept, but nothing is queued: the background's sendText refuses unless live, so the copy
 * says it can be sent once connected (Send is enabled then), not that it will be sent by itself.
 */
export function composerPlaceholder(status: SessionState['status']): string {
  if (status === 'live') return t('composer.placeholder');
  if (status === 'connecting' || status === 'requesting-mic' || status === 'reconnecting') return t('composer.placeholderWaiting');
  return t('composer.placeholderIdle');
}

/** Text input; the draft is kept when sending fails, so nothing typed is lost. */
export function Composer({ status, onSend }: { status: SessionState['status']; onSend: (text: string) => Promise<boolean> }) {
  const disabled = status !== 'live';
  const [draft, setDraft] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!draft.trim()) return;
    if (await onSend(draft)) setDraft('');
  };
  return (
    <form class="composer" onSubmit={submit}>
      <label for="composer-input" class="visually-hidden">
        {t('composer.label')}
      </label>
      <input
        id="composer-input"
        type="text"
        placeholder={composerPlaceholder(status)}
        value={draft}
        onInput={(e) => setDraft(inputValue(e))}
        autocomplete="off"
      />
      <button type="submit" disabled={disabled || !draft.trim()}>
        {t('composer.send')}
      </button>
    </form>
  );
}
