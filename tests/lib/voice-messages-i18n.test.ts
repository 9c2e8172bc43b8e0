// The voice session's own sentences (idle stop, reconnect marker, typed-message errors) follow the
// document's language; English stays word for word for the rest of Hark and its tests.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@/lib/i18n';
import { gapNotice, rolloverNotice } from '@/lib/voice/session';
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
});
