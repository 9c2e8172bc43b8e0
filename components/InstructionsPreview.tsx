import { t } from '@/lib/i18n';

/** Shows exactly what the assistant was told about the page, after redaction, so users can trust it. */
export function InstructionsPreview({ instructions }: { instructions: string }) {
  if (!instructions) return null;
  return (
    <details class="preview">
      <summary>{t('preview.summary')}</summary>
      <pre>{instructions}</pre>
    </details>
  );
}
