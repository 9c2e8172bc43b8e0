/**
 * A write-only secret field, and the warning that asks the user before a secret (or a server's
 * calls) may go to an origin Hark does not trust by itself. The confirm button names the origin:
 * that click is the only way an origin is allowed without typing the secret again for it.
 */
import { backgroundMessenger as bg } from '@/lib/protocol/messages';
import type { OriginToConfirm, SecretKind } from '@/lib/connection';
import { t, type MessageKey } from '@/lib/i18n';
import { inputValue } from './section';
import type { SecretStatus } from '@/lib/secret-origin';

interface SecretFieldProps {
  kind: SecretKind;
  id: string;
  label: MessageKey;
  placeholder: MessageKey;
  hint: MessageKey;
  status: SecretStatus;
  draft: string;
  onDraft(value: string): void;
  onForget(): void;
  /** After a confirm click: what the worker said. */
  onConfirmed(result: { ok: boolean; message: string }): void;
}

export function SecretField({ kind, id, label, placeholder, hint, status, draft, onDraft, onForget, onConfirmed }: SecretFieldProps) {
  return (
    <>
      <label for={id}>{t(label)}</label>
      <input
        id={id}
        type="password"
        autocomplete="off"
        spellcheck={false}
        aria-describedby={`${id}-hint`}
        placeholder={status.saved ? t('options.secret.savedPlaceholder') : t(placeholder)}
        value={draft}
        onInput={(e) => onDraft(inputValue(e))}
      />
      <p class="hint" id={`${id}-hint`}>
        {t(hint)}
      </p>
      {status.saved && status.problem && (
        <OriginWarning
          message={status.message ?? ''}
          confirm={status.origin && status.problem !== 'insecure' ? { kind, origin: status.origin, use: 'secret' } : undefined}
          onConfirmed={onConfirmed}
        />
      )}
      {status.saved && (
        <button type="button" onClick={onForget}>
          {t('options.secret.forget')}
        </button>
      )}
    </>
  );
}

/** A visible warning; with `confirm`, a button that names the origin the user would allow. */
export function OriginWarning({ message, confirm, onConfirmed }: { message: string; confirm?: OriginToConfirm; onConfirmed(r: { ok: boolean; message: string }): void }) {
  const allow = async () => confirm && onConfirmed(await bg.sendMessage('bg:confirmOrigin', confirm));
  return (
    <div class="origin-warning" role="alert" data-origin={confirm?.origin}>
      <p>{message}</p>
      {confirm && (
        <button type="button" onClick={allow}>
          {confirm.use === 'secret' ? t(`options.secret.send.${confirm.kind}`, { origin: confirm.origin }) : t('options.allowCalls', { origin: confirm.origin })}
        </button>
      )}
    </div>
  );
}
