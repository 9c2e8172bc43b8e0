import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

/** Text input; the draft is kept when sending fails, so nothing typed is lost. */
export function Composer({ disabled, onSend }: { disabled: boolean; onSend: (text: string) => Promise<boolean> }) {
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
        placeholder={disabled ? t('composer.placeholderIdle') : t('composer.placeholder')}
        value={draft}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        autocomplete="off"
      />
      <button type="submit" disabled={disabled || !draft.trim()}>
        {t('composer.send')}
      </button>
    </form>
  );
}
