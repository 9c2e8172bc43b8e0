/**
 * A page tool asking to act (open a link, go back, send a screenshot): impossible to miss, names
 * the exact action and target, and is answered by button or key. Focus moves here when a request
 * arrives, so a keyboard or screen-reader user is already on it; Allow is not the focused default,
 * so a stray Enter cannot approve. Text from the page (a link's words) is shown as quoted data.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PendingConfirmation } from '@/lib/tools/confirm';
import { t } from '@/lib/i18n';

export interface ToolConfirmProps {
  pending: PendingConfirmation[];
  onAnswer(id: string, allow: boolean): void;
}

export function ToolConfirm({ pending, onAnswer }: ToolConfirmProps) {
  const first = pending[0];
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    if (first) box.current?.focus();
  }, [first?.id]);
  if (!first) return null;
  const onKey = (e: KeyboardEvent) => {
    // Y, or J for "ja" (the hint names both in German).
    if (e.key === 'y' || e.key === 'Y' || e.key === 'j' || e.key === 'J') onAnswer(first.id, true);
    else if (e.key === 'n' || e.key === 'N' || e.key === 'Escape') onAnswer(first.id, false);
  };
  return (
    <section
      ref={box}
      class="tool-confirm"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`tc-${first.id}-title`}
      aria-describedby={`tc-${first.id}-target`}
      tabIndex={-1}
      onKeyDown={onKey}
      data-tool={first.tool}
    >
      <h2 id={`tc-${first.id}-title`}>{t('tools.confirm.asks', { action: first.action })}</h2>
      <p id={`tc-${first.id}-target`} class="tool-target">
        <code>{first.target}</code>
      </p>
      {first.detail && <p class="tool-detail">{t('tools.confirm.linkText', { text: first.detail.slice(0, 200) })}</p>}
      <div class="tool-actions">
        <button type="button" class="primary" onClick={() => onAnswer(first.id, true)}>
          {t('tools.confirm.allow')}
        </button>
        <button type="button" onClick={() => onAnswer(first.id, false)}>
          {t('tools.confirm.deny')}
        </button>
      </div>
      <p class="tool-hint">
        {t('tools.confirm.keys')}
        {pending.length > 1 ? ` ${t('tools.confirm.more', { count: pending.length - 1 })}` : ''}
      </p>
    </section>
  );
}
