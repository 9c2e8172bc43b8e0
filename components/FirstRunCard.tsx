/** Shown in the side panel until the first-run page is done or this card is dismissed. */
import { t } from '@/lib/i18n';

export function FirstRunCard({ shortcut, onOpen, onDismiss }: { shortcut: string; onOpen(): void; onDismiss(): void }) {
  return (
    <section class="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('firstRun.title')}</h2>
      <p>{t('firstRun.body')}</p>
      {shortcut && <p class="hint">{t('firstRun.shortcut', { keys: shortcut })}</p>}
      <div class="row">
        <button type="button" class="primary" onClick={onOpen}>
          {t('firstRun.open')}
        </button>
        <button type="button" onClick={onDismiss}>
          {t('firstRun.dismiss')}
        </button>
      </div>
    </section>
  );
}
