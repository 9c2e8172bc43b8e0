/**
 * One transcript message, rendered from its own signal: a streamed delta replaces that signal's
 * value and re-renders this row alone (the list does not re-render; see components/transcript-store.ts).
 */
import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import type { Message } from '@/lib/transcript/reduce';
import { formatClock, formatDateTime, t } from '@/lib/i18n';
import { noteText } from '@/lib/ui/note-text';

export const who = (m: Message) => t(`role.${m.role}`);

/** The text split into what was played and what was cut before anyone heard it. */
function Body({ m }: { m: Message }) {
  const pending = m.role === 'user' && !m.final;
  // Notes (server problems, failed transcriptions) are rendered here, in the panel's language.
  const failed = m.failedReason ? t('transcript.untranscribedWhy', { reason: noteText(m.failedReason) }) : t('transcript.untranscribed');
  const text = (m.note && noteText(m.note)) || m.text || (m.failed ? failed : pending ? '…' : '');
  const cut = m.interrupted && m.heard != null && m.heard < m.text.length ? m.heard : null;
  return (
    <p class="text">
      {cut == null ? (
        text
      ) : (
        <>
          {m.text.slice(0, cut)}
          <span class="unheard">
            <span class="visually-hidden"> {t('transcript.notHeard')} </span>
            {m.text.slice(cut)}
          </span>
        </>
      )}
      {pending && m.text && <span class="approx"> {t('transcript.approximate')}</span>}
      {m.unsent && <span class="approx"> {t('transcript.sending')}</span>}
      {m.interrupted && <span class="cut"> {t('transcript.cutOff')}</span>}
    </p>
  );
}

function CopyButton({ m }: { m: Message }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(m.text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (no focus): the button simply does not confirm.
    }
  };
  return (
    <button type="button" class="copy" tabIndex={-1} onClick={copy} aria-label={t('transcript.copyLabel', { who: who(m), time: formatClock(m.at) })}>
      {copied ? t('transcript.copied') : t('transcript.copy')}
    </button>
  );
}

function Row({ sig }: { sig: ReadonlySignal<Message> }) {
  const m = sig.value;
  // A reply cancelled before its first word leaves nothing to read (lib/transcript/reduce.ts).
  if (m.role === 'assistant' && m.final && !m.text) return null;
  return (
    <div class={`msg msg-${m.role}`} role="listitem" tabIndex={-1} data-role={m.role} data-final={String(m.final)} data-id={m.id}>
      <span class="meta">
        <span class="who">{who(m)}</span>
        <time class="at" dateTime={new Date(m.at).toISOString()} title={formatDateTime(m.at)}>
          {formatClock(m.at)}
        </time>
        {m.role !== 'notice' && m.text && <CopyButton m={m} />}
      </span>
      <Body m={m} />
    </div>
  );
}

export const MessageRow = memo(Row, (prev, next) => prev.sig === next.sig);
