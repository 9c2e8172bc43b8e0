// The voice session's own sentences (idle stop, reconnect marker, typed-message errors) and the
// site rules' reasons follow the UI's language; English stays word for word for the rest of Hark and its tests.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@/lib/i18n';
import { gapNotice, rolloverNotice } from '@/lib/voice/session';
import { DEFAULT_SITE_RULES, isExcluded } from '@/lib/page/site-rules';
import { voiceSetup } from '../fakes/voice-setup';

describe('voice session messages in German', () => {
  afterEach(() => setLocale('en'));

  it('stops for silence with a German notice and a German decimal', () => {
    setLocale('de');
    const s = voiceSetup();
    s.connectLive(1, { idleTimeoutMs: 90_000 });
    s.clock.advance(90_000);
    expect(s.counts.stop).toBe(1);
    expect(s.rows().at(-1)).toMatchObject({ role: 'notice', text: 'Nach 1,5 Min. Stille beendet; das Mikrofon ist aus. Du kannst jederzeit neu starten.' });
  });

  it('refuses an empty or unsendable typed message in German', () => {
    setLocale('de');
    const s = voiceSetup();
    expect(s.voice.sendText('  ')).toMatchObject({ ok: false, error: { message: 'Gib etwas ein, das gesendet werden soll.' } });
    expect(s.voice.sendText('hallo')).toMatchObject({ ok: false, error: { reason: 'network', message: 'Nicht verbunden: Die Nachricht wurde nicht gesendet.' } });
    expect(gapNotice()).toMatch(/^Verbindung unterbrochen/);
    expect(rolloverNotice()).toMatch(/^Sitzung vor Ablauf/);
  });

  it('keeps the English sentences', () => {
    setLocale('en');
    const s = voiceSetup();
    s.connectLive(1, { idleTimeoutMs: 30_000 });
    s.clock.advance(30_000);
    expect(s.rows().at(-1)).toMatchObject({ text: 'Stopped after 30 s of silence; the microphone is off. Start again any time.' });
    expect(s.voice.sendText('')).toMatchObject({ ok: false, error: { message: 'Type something to send.' } });
    expect(gapNotice()).toBe('Connection lost — reconnected. Recent turns were replayed.');
  });

  it('says why a site was not read in German, with the rule that refused it', () => {
    setLocale('de');
    const rules = { ...DEFAULT_SITE_RULES, neverSend: ['bank.example'] };
    expect(isExcluded('https://bank.example/konto', rules)).toMatchObject({ allowed: false, code: 'never-send', reason: 'Diese Website steht auf deiner Liste „nie senden“ (bank.example), deshalb hat Hark sie nicht gelesen.' });
    expect(isExcluded('chrome://settings', rules).reason).toBe('Dies ist eine Browserseite (chrome:), die Erweiterungen nicht lesen dürfen.');
    setLocale('en');
    expect(isExcluded('https://bank.example/', rules).reason).toBe('This site is on your never-send list (bank.example), so Hark did not read it.');
  });
});
