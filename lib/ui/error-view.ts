/**
 * An error as the panel shows it: Hark's own sentence on one line (what happened, what to do),
 * and the server's words, if any, behind a Details toggle. Server text is written for a
 * developer console: its links ("find your API key at https://…") are dead text in the panel and
 * point away from where the fix is (Hark's settings), so they are taken out.
 */
import { t } from '../i18n';

/** The "(server said: …)" suffix lib/errors.ts appends, in the UI's language, with the words captured. */
const serverSaid = (): RegExp =>
  new RegExp(`\\s*${t('error.serverSaid', { detail: '\u0000' }).trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\u0000', '([\\s\\S]*)')}\\s*$`);
/** A link, without the sentence's own full stop after it. */
const URL = /\bhttps?:\/\/[^\s)]*[^\s).,;:]/g;

export interface ErrorView {
  headline: string;
  /** The server's own words, links removed; empty when it said nothing. */
  serverSaid: string;
}

/** Removes links and what was left dangling around them ("at .", "see :"). */
export function withoutLinks(text: string): string {
  return text
    .replace(URL, '')
    .replace(/\s+(at|see|visit|on)\s*([.:;,])/gi, '$2')
    .replace(/\s+([.:;,])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function errorView(message: string): ErrorView {
  const m = serverSaid().exec(message);
  const headline = (m ? message.slice(0, m.index) : message).trim();
  return { headline: headline || message, serverSaid: m ? withoutLinks(m[1]!) : '' };
}
