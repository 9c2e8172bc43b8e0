// The two languages ship the same messages: same names, same {placeholders}, valid for Chrome.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import en from '../../public/_locales/en/messages.json';
import de from '../../public/_locales/de/messages.json';
import { CATALOGS, messageName, setLocale, t } from '@/lib/i18n';

type Messages = Record<string, { message: string }>;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  afterEach(() => setLocale('en'));

  it('en and de have the same message names', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(CATALOGS).sort()).toEqual(fs.readdirSync('public/_locales').sort());
  });

  it('every German message keeps the English placeholders, and is translated where English words would show', () => {
    for (const [name, { message }] of Object.entries(en as Messages)) {
      const german = (de as Messages)[name]!.message;
      expect(placeholders(german), name).toEqual(placeholders(message));
      if (name === 'locale') continue; // each file names its own language
      expect(german.trim(), name).not.toBe('');
    }
    // Most messages differ from English (a few are names: Hark, Azure OpenAI, sk-…).
    const same = Object.keys(en).filter((n) => (en as Messages)[n]!.message === (de as Messages)[n]!.message);
    expect(same.length).toBeLessThan(8);
  });

  it('names are valid for chrome.i18n and messages use none of its $ syntax', () => {
    for (const catalog of [en, de] as Messages[]) {
      for (const [name, { message }] of Object.entries(catalog)) {
        expect(name).toMatch(/^[A-Za-z0-9_]+$/);
        expect(message, name).not.toContain('$');
      }
    }
  });

  it('the manifest name and description come from the catalogs', () => {
    const config = fs.readFileSync('wxt.config.ts', 'utf8');
    expect(config).toContain("name: '__MSG_extName__'");
    expect(config).toContain("description: '__MSG_extDescription__'");
    expect(config).toContain("default_locale: 'en'");
  });

  it('t() keeps dotted keys: dots and dashes map to the message name', () => {
    expect(messageName('status.requesting-mic')).toBe('status_requesting_mic');
    expect(t('status.requesting-mic')).toBe('Waiting for microphone permission');
    expect(t('status.reconnecting', { attempt: 3, max: 10 })).toBe('Connection lost — retrying, 3 of 10');
  });

  it('in German, t() answers in German with the placeholders filled; a regional variant falls back to de', () => {
    setLocale('de-AT');
    expect(t('status.reconnecting', { attempt: 3, max: 10 })).toBe('Verbindung verloren – neuer Versuch, 3 von 10');
    expect(t('options.title')).toBe('Hark-Einstellungen');
    setLocale('fr');
    expect(t('options.title')).toBe('Hark settings');
  });
});
