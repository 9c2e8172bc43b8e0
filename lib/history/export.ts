/**
 * Saved conversations and their exports (pure). Markdown is for reading and sharing; JSON keeps
 * everything, in a versioned shape other tools can rely on.
 */
import type { Message } from '../transcript/reduce';

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

const WHO = { user: 'You', assistant: 'Assistant', notice: 'Hark' } as const;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

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

function markdownMessage(m: Message): string {
  if (m.role === 'notice') return `*${WHO.notice}: ${m.text}*`;
  const head = `**${WHO[m.role]}** (${iso(m.at)})`;
  if (m.failed && !m.text) return `${head}: *(could not transcribe)*`;
  let body = m.text.trim();
  if (m.interrupted) {
    const heard = m.heard != null && m.heard < m.text.length ? m.text.slice(0, m.heard).trim() : body;
    const rest = m.heard != null && m.heard < m.text.length ? m.text.slice(m.heard).trim() : '';
    body = `${heard} *[cut off${rest ? `; not heard: ${rest}` : ''}]*`;
  } else if (m.role === 'user' && !m.final) {
    body += ' *(approximate)*';
  }
  // Keep multi-line messages inside their paragraph.
  return `${head}: ${body.replace(/\n+/g, '  \n')}`;
}

export function toMarkdown(c: Conversation): string {
  const lines = [`# ${titleOf(c)}`, ''];
  if (c.page?.url) lines.push(`- Page: <${c.page.url}>`);
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
      page: c.page,
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
  const stamp = iso(c.startedAt).slice(0, 16).replace('T', '-').replace(':', '');
  const slug = titleOf(c)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `hark-${stamp}${slug ? `-${slug}` : ''}.${ext}`;
}
