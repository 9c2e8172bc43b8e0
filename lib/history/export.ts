/**
 * Saved conversations and their exports (pure). Markdown is for reading and sharing; JSON keeps
 * everything, in a versioned shape other tools can rely on.
 */
import type { Message } from '../transcript/reduce';
import { escapeBlock, escapeInline, markdownUrl } from './markdown-escape';
import { safeFileName } from './file-name';

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

const WHO = { user: 'You', assistant: 'Assistant', notice: 'Hark', tool: 'Tool' } as const;
/** A stored conversation is data read back from storage: a bad time must not make export throw. */
const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : 'unknown time');

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
  return c.page?.title || c.page?.url || 'No page';
}

// Every piece of page or conversation text goes through escapeInline/escapeBlock: a title or a
// reply may carry HTML, link or image syntax, or Markdown structure (see markdown-escape.ts).
function markdownMessage(m: Message): string {
  if (m.role === 'notice') return `*${WHO.notice}: ${escapeBlock(m.text)}*`;
  const head = `**${WHO[m.role]}** (${iso(m.at)})`;
  if (m.failed && !m.text) return `${head}: *(could not transcribe)*`;
  const text = String(m.text);
  let body = escapeBlock(text);
  if (m.interrupted) {
    const cut = m.heard != null && m.heard < text.length;
    const heard = cut ? escapeBlock(text.slice(0, m.heard)) : body;
    const rest = cut ? escapeBlock(text.slice(m.heard)) : '';
    body = `${heard} *[cut off${rest ? `; not heard: ${rest}` : ''}]*`;
  } else if (m.role === 'user' && !m.final) {
    body += ' *(approximate)*';
  }
  return `${head}: ${body}`;
}

export function toMarkdown(c: Conversation): string {
  const lines = [`# ${escapeInline(titleOf(c)) || 'No page'}`, ''];
  if (c.page?.url) lines.push(`- Page: ${markdownUrl(c.page.url)}`);
  lines.push(`- Started: ${iso(c.startedAt)}`, `- Ended: ${iso(c.endedAt)}`, `- Messages: ${c.messages.length}`, '');
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
