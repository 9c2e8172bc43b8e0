/** A note (lib/realtime/note.ts) in the UI's language; nested notes are rendered first. */
import { t, uiLanguage } from '../i18n';
import type { Note } from '../realtime/note';

export function noteText(n: Note): string {
  // Saved history from before notes existed holds plain strings here.
  const raw: unknown = n;
  if (typeof raw === 'string') return raw;
  if (typeof n !== 'object' || n === null || typeof n.key !== 'string') return '';
  if (!n.params) return t(n.key);
  const vars: Record<string, string | number> = {};
  // Numbers in the reader's convention (1,000 / 1.000).
  for (const [k, v] of Object.entries(n.params)) vars[k] = typeof v === 'object' ? noteText(v) : typeof v === 'number' ? new Intl.NumberFormat(uiLanguage()).format(v) : v;
  return t(n.key, vars);
}
