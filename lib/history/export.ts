/**
 * Saved conversations and their exports (pure). Markdown is for reading and sharing; JSON keeps
 * everything, in a versioned shape other tools can rely on.
 */
import type { Message } from '../transcript/reduce';
import { escapeBlock, escapeInline, markdownUrl } from './markdown-escape';
import { safeFileName } from './file-name';
import { t } from '../i18n';
import { noteText } from '../ui/note-text';

export interface Conversation {
  id: string;
  startedAt: number;
  endedAt: number;
  /** The page the conversation was about (the last one, when the user switched tabs). */
  page: { title: string; url: string } | null;
  messages: Message[];
}

export const EXPORT_FORMAT = 'hark.conversation';
export const EXPORT_VERSION = 1;

const WHO = { user: 'role.user', assistant: 'role.assistant', notice: 'role.notice', tool: 'role.tool' } as const;
/** A stored conversation is data read back from storage: a bad time must not make export throw. */
const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : t('export.unknownTime'));

/** A stable id for a transcript: its first message's time and id. */
export function conversationId(messages: Message[]): string | null {
  const first = messages[0];
  return first ? `c-${first.at}-${first.id}` : null;
}

/** Messages worth keeping: everything but empty placeholders. */
export function keptMessages(messages: Message[]): Message[] {
  return messages.filter((m) => m.text.trim() || m.failed);
}

export function titleOf(c: Pick<Conversation, 'page'>): string {
  return c.page?.title || c.page?.url || t('history.untitled');
}

// Every piece of page or conversation text goes through escapeInline/escapeBlock: a title or a
// reply may carry HTML, link or image syntax, or Markdown structure (see markdown-escape.ts).
function markdownMessage(m: Message): string {
  if (m.role === 'notice') return `*${t(WHO.notice)}: ${escapeBlock(m.note ? noteText(m.note) : m.text)}*`;
  const head = `**${t(WHO[m.role])}** (${iso(m.at)})`;
  if (m.failed && !m.text) return `${head}: *${t('transcript.untranscribed')}*`;
  const text = String(m.text);
  let body = escapeBlock(text);
  if (m.interrupted) {
    const cut = m.heard != null && m.heard < text.length;
    const heard = cut ? escapeBlock(text.slice(0, m.heard)) : body;
    const rest = cut ? escapeBlock(text.slice(m.heard)) : '';
    body = `${heard} *[${t('export.cutOff')}${rest ? `; ${t('export.notHeard', { text: rest })}` : ''}]*`;
  } else if (m.role === 'user' && !m.final) {
    body += ` *${t('transcript.approximate')}*`;
  }
  return `${head}: ${body}`;
}

export function toMarkdown(c: Conversation): string {
  const lines = [`# ${escapeInline(titleOf(c)) || t('history.untitled')}`, ''];
  if (c.page?.url) lines.push(`- ${t('export.page')} ${markdownUrl(c.page.url)}`);
  lines.push(`- ${t('export.started')} ${iso(c.startedAt)}`, `- ${t('export.ended')} ${iso(c.endedAt)}`, `- ${t('export.messages')} ${c.messages.length}`, '');
  for (const m of c.messages) lines.push(markdownMessage(m), '');
  return lines.join('\n');
}

export function toJson(c: Conversation): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      id: c.id,
      startedAt: iso(c.startedAt),
      endedAt: iso(c.endedAt),
      // Only the two page fields: a stored record is never exported wholesale.
      page: c.page ? { title: String(c.page.title ?? ''), url: String(c.page.url ?? '') } : null,
      messages: c.messages.map((m) => ({
        id: m.id,
        role: m.role,
        at: iso(m.at),
        text: m.text,
        final: m.final,
        ...(m.interrupted ? { interrupted: true, heardChars: m.heard ?? m.text.length } : {}),
        ...(m.failed ? { failed: true } : {}),
      })),
    },
    null,
    2,
  );
}

/** `hark-2024-05-01-1402-tide-pools.md` */
export function exportFileName(c: Conversation, ext: 'md' | 'json'): string {
  return safeFileName(iso(c.startedAt), titleOf(c), ext);
}
