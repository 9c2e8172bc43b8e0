/**
 * Every user-visible string lives in `public/_locales/<lang>/messages.json` (Chrome's i18n
 * format), English (`en`, the default_locale) and German (`de`). `t('key', { name })` looks the
 * message up and fills `{name}` placeholders, so components keep their dotted keys: a key's
 * message name is the key with `.` and `-` turned into `_` (`status.requesting-mic` →
 * `status_requesting_mic`), because Chrome allows only `[A-Za-z0-9_@]` in names.
 *
 * Which language: in extension pages and the worker `chrome.i18n` answers, with the browser's UI
 * language and the same fallback the manifest's name uses. Where it is missing (the offscreen
 * document only has chrome.runtime, unit tests have no chrome) the bundled catalogs are picked by
 * `navigator.language`, falling back to English message by message.
 *
 * Adding a string (docs/i18n.md has the details): add `"area_name": { "message": "Text with {placeholder}" }`
 * to public/_locales/en/messages.json AND to public/_locales/de/messages.json, then call
 * `t('area.name', { placeholder })`. The key type is derived from the English file, so a typo is a
 * type error, and tests/lib/i18n.test.ts fails when the two files differ in keys or placeholders.
 * Never use `$` in a message (Chrome reserves it for its own placeholders).
 */
import enMessages from '../public/_locales/en/messages.json';
import deMessages from '../public/_locales/de/messages.json';

type Messages = Record<string, { message: string; description?: string }>;
/** A message name as stored in messages.json. */
export type MessageName = keyof typeof enMessages;
/** `a_b` may be written `a.b`, `a-b` or `a_b`: every spelling whose name exists type-checks. */
type Spellings<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${'.' | '-' | '_'}${Spellings<B>}` : S;
export type MessageKey = Spellings<MessageName>;

export const CATALOGS: Record<string, Messages> = { en: enMessages, de: deMessages };

/** The message name of a key (`status.requesting-mic` → `status_requesting_mic`). */
export const messageName = (key: string) => key.replace(/[.-]/g, '_');

interface ChromeI18n {
  getMessage(name: string): string;
  getUILanguage(): string;
}
const chromeI18n = (): ChromeI18n | undefined => {
  const i18n = (globalThis as { chrome?: { i18n?: Partial<ChromeI18n> } }).chrome?.i18n;
  return i18n?.getMessage && i18n.getUILanguage ? (i18n as ChromeI18n) : undefined;
};

/** chrome.i18n's answer, or undefined where it is missing or only a stub that throws (unit tests). */
const ask = <T>(fn: (i18n: ChromeI18n) => T): T | undefined => {
  try {
    const i18n = chromeI18n();
    return i18n ? fn(i18n) : undefined;
  } catch {
    return undefined;
  }
};
// The `locale` message names the file chrome.i18n picked: <html lang>, numbers and dates then match the words.
const browserLanguage = () => ask((i) => i.getMessage('locale') || i.getUILanguage()) || (typeof navigator !== 'undefined' ? navigator.language : 'en');
const pick = (lang: string): Messages | undefined => CATALOGS[lang] ?? CATALOGS[lang.split('-')[0]!];

let locale = browserLanguage();
/** Set by tests (or `setLocale`): wins over chrome.i18n. */
let forced: Messages | undefined;
let bundled: Messages = pick(locale) ?? enMessages;

/** Switches to a bundled language (tests; the UI otherwise follows the browser). */
export function setLocale(lang: string): void {
  locale = lang;
  forced = bundled = pick(lang) ?? enMessages;
  clock = dateTime = undefined;
}

/** The language the UI speaks (for `<html lang>` and Intl). */
export const uiLanguage = () => locale;

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const name = messageName(key);
  const s = (forced ? undefined : ask((i) => i.getMessage(name))) || bundled[name]?.message || (enMessages as Messages)[name]?.message || key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

// Formatters are built once: constructing an Intl formatter costs far more than formatting, and
// every transcript row formats its time on each streamed word.
let clock: Intl.DateTimeFormat | undefined;
let dateTime: Intl.DateTimeFormat | undefined;
export const formatClock = (at: number) => (clock ??= new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })).format(at);
export const formatDateTime = (at: number) => (dateTime ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })).format(at);

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

const usdFormats = new Map<string, Intl.NumberFormat>();

/** Small amounts keep more digits: $0.0042 rather than $0.00. */
export function formatUsd(usd: number): string {
  const digits = usd > 0 && usd < 0.1 ? 4 : 2;
  const key = `${locale}/${digits}`;
  let f = usdFormats.get(key);
  if (!f) usdFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(usd);
}
