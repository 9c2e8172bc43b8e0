/**
 * A page tool asking to act (open a link, go back, send a screenshot): impossible to miss, names
 * the exact action and target, and is answered by button or key. Focus moves here when a request
 * arrives, so a keyboard or screen-reader user is already on it; Allow is not the focused default,
 * so a stray Enter cannot approve. Text from the page (a link's words) is shown as quoted data.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PendingConfirmation } from '@/lib/tools/confirm';

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
    if (e.key === 'y' || e.key === 'Y') onAnswer(first.id, true);
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
      <h2 id={`tc-${first.id}-title`}>The assistant asks to: {first.action}</h2>
      <p id={`tc-${first.id}-target`} class="tool-target">
        <code>{first.target}</code>
      </p>
      {first.detail && <p class="tool-detail">Link text on the page: “{first.detail.slice(0, 200)}”</p>}
      <div class="tool-actions">
        <button type="button" class="primary" onClick={() => onAnswer(first.id, true)}>
          Allow
        </button>
        <button type="button" onClick={() => onAnswer(first.id, false)}>
          Deny
        </button>
      </div>
      <p class="tool-hint">Keys: Y allows, N or Escape denies.{pending.length > 1 ? ` ${pending.length - 1} more waiting.` : ''}</p>
    </section>
  );
}
