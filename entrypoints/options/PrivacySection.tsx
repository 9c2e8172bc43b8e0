/** Page & privacy: which pages Hark may read (the allowlist only shows when it is in force). */
import { t } from '@/lib/i18n';
import type { SiteRules } from '@/lib/page/site-rules';
import { inputValue, isChecked, lines, type SectionProps } from './section';

export function PrivacySection({ settings, set }: SectionProps) {
  const rules = settings.siteRules;
  const rule = <K extends keyof SiteRules>(k: K, v: SiteRules[K]) => set({ siteRules: { ...rules, [k]: v } });
  return (
    <section aria-labelledby="privacy-title" class="card">
      <h2 id="privacy-title">{t('options.privacy.title')}</h2>
      <p class="hint">{t('options.privacy.redacted')}</p>
      <p class="hint">
        <a href="/privacy.html" target="_blank" rel="noreferrer">
          {t('privacy.policyLink')}
        </a>
      </p>
      <label for="never-send">{t('options.privacy.neverSend')}</label>
      <textarea id="never-send" rows={3} value={rules.neverSend.join('\n')} onInput={(e) => rule('neverSend', lines(inputValue(e)))} />
      <label class="check">
        <input type="checkbox" checked={rules.allowlistOnly} onChange={(e) => rule('allowlistOnly', isChecked(e))} />
        {t('options.privacy.allowlistOnly')}
      </label>
      {rules.allowlistOnly && (
        <>
          <label for="allowlist">{t('options.privacy.allowlist')}</label>
          <textarea id="allowlist" rows={3} value={rules.allowlist.join('\n')} onInput={(e) => rule('allowlist', lines(inputValue(e)))} />
        </>
      )}
      <label class="check">
        <input type="checkbox" checked={rules.allowIncognito} onChange={(e) => rule('allowIncognito', isChecked(e))} />
        {t('options.privacy.incognito')}
      </label>
      <label class="check">
        <input type="checkbox" checked={rules.allowFileUrls} onChange={(e) => rule('allowFileUrls', isChecked(e))} />
        {t('options.privacy.files')}
      </label>
    </section>
  );
}
