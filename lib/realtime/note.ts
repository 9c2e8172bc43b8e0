/**
 * A line for the user as a message key and its parameters, not as English text: lib/ stays free
 * of wording, and the side panel (or an export) renders it with `t()` in the reader's language
 * (lib/ui/note-text.ts). A parameter may itself be a note (a reason inside a sentence).
 */
import type { MessageKey } from '../i18n';

export interface Note {
  key: MessageKey;
  params?: Record<string, string | number | Note>;
}

export const note = (key: MessageKey, params?: Note['params']): Note => (params ? { key, params } : { key });
