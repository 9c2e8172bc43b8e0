/**
 * "Shared with the assistant": what Hark told the model about the page, in the user's terms —
 * title, address, the selection, how much page text and how many items were hidden — with the
 * exact instructions behind a toggle for those who want to check every word. A page no extension
 * may read (chrome://, the Web Store) says so, and offers no permission it could not use.
 */
import type { PageSnapshot } from '@/lib/page/budget';
import { sharedSummary } from '@/lib/ui/shared-summary';
import { t } from '@/lib/i18n';

export interface SharedCardProps {
  page: PageSnapshot;
  instructions: string;
  /** Asks for access to all sites (only offered where access would help). */
  onAllowAll(): void;
}

export function SharedCard({ page, instructions, onAllowAll }: SharedCardProps) {
  const s = sharedSummary(page);
  return (
    <section class="shared" id="shared-card" aria-labelledby="shared-title">
      <h2 id="shared-title">{t('shared.title')}</h2>
      <dl>
        {s.title && (
          <>
            <dt>{t('shared.pageTitle')}</dt>
            <dd class="shared-page-title">{s.title}</dd>
          </>
        )}
        {s.url && (
          <>
            <dt>{t('shared.address')}</dt>
            <dd class="shared-url">{s.url}</dd>
          </>
        )}
        {s.selection && (
          <>
            <dt>{t('shared.selection')}</dt>
            <dd class="shared-selection">{s.selection}</dd>
          </>
        )}
        <dt>{t('shared.text')}</dt>
        <dd class="shared-text">
          {s.words > 0 ? t('shared.words', { n: s.words }) : t('shared.noText')}
          {s.truncated && ` · ${t('shared.truncated')}`}
          {s.hidden > 0 && ` · ${t(s.hidden === 1 ? 'shared.hiddenOne' : 'shared.hidden', { n: s.hidden })}`}
        </dd>
      </dl>
      {s.blocked && (
        <p class="shared-note" data-blocked={s.blocked}>
          {s.blocked === 'browser' ? t('shared.browserPage') : s.note}
        </p>
      )}
      {s.blocked === 'access' && (
        <button type="button" class="link" onClick={onAllowAll}>
          {t('page.allowAll')}
        </button>
      )}
      {instructions && (
        <details class="preview">
          <summary>{t('preview.summary')}</summary>
          <pre>{instructions}</pre>
        </details>
      )}
    </section>
  );
}
