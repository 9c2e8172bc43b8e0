import { describe, expect, it } from 'vitest';
import { buildSession } from '@/lib/realtime/protocol';
import { normalizeSettings } from '@/lib/normalize-settings';
import { DEFAULT_SETTINGS, withDefaults, type Settings } from '@/lib/settings';
import { connectPrefs, sessionOptions } from '@/entrypoints/background/session-options';
import { GREETING_REQUEST } from '@/lib/voice/greeting';

const base = { model: 'gpt-realtime', voice: 'marin', instructions: 'Page title: "Example"' };
const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('noise reduction and quiet mode in the session', () => {
  it('noise_reduction: near field, far field, or null for off; absent when not chosen', () => {
    expect(buildSession({ ...base, noiseReduction: 'near_field' }).audio?.input?.noise_reduction).toEqual({ type: 'near_field' });
    expect(buildSession({ ...base, noiseReduction: 'far_field' }).audio?.input?.noise_reduction).toEqual({ type: 'far_field' });
    const off = buildSession({ ...base, noiseReduction: null });
    expect(off.audio?.input).toHaveProperty('noise_reduction', null);
    expect(buildSession(base).audio?.input).not.toHaveProperty('noise_reduction');
  });

  it('quiet mode asks for text only; otherwise audio (never both)', () => {
    expect(buildSession({ ...base, textOnly: true }).output_modalities).toEqual(['text']);
    expect(buildSession(base).output_modalities).toEqual(['audio']);
  });
});

describe('settings → session', () => {
  it('defaults: near field, audio replies, greeting on', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ noiseReduction: 'near_field', textReplies: false, greeting: true });
    const o = sessionOptions(null, 'x', settings());
    expect(o).toMatchObject({ noiseReduction: 'near_field', textOnly: false });
    expect(connectPrefs(settings()).greeting).toContain(GREETING_REQUEST);
  });

  it('off maps to null, quiet mode to textOnly, greeting off to no greeting', () => {
    expect(sessionOptions(null, 'x', settings({ noiseReduction: 'off' })).noiseReduction).toBeNull();
    expect(sessionOptions(null, 'x', settings({ noiseReduction: 'far_field' })).noiseReduction).toBe('far_field');
    expect(sessionOptions(null, 'x', settings({ textReplies: true })).textOnly).toBe(true);
    expect(connectPrefs(settings({ greeting: false })).greeting).toBeNull();
    expect(connectPrefs(settings({ transcriptionLanguage: 'fr' })).greeting).toContain('(fr)');
  });

  it('older saved settings get the defaults; an unknown noise reduction falls back to near field', () => {
    expect(withDefaults({ model: 'm' })).toMatchObject({ noiseReduction: 'near_field', greeting: true, textReplies: false });
    expect(withDefaults({ noiseReduction: 'loud' as never }).noiseReduction).toBe('near_field');
    expect(withDefaults({ noiseReduction: 'off', greeting: false, textReplies: true })).toMatchObject({ noiseReduction: 'off', greeting: false, textReplies: true });
  });

  it('Save keeps the choices and repairs nonsense', () => {
    const ok = normalizeSettings(settings({ noiseReduction: 'far_field', greeting: false, textReplies: true }));
    expect(ok.ok && ok.settings).toMatchObject({ noiseReduction: 'far_field', greeting: false, textReplies: true });
    const bad = normalizeSettings(settings({ noiseReduction: 'x' as never, greeting: undefined as never, textReplies: 'yes' as never }));
    expect(bad.ok && bad.settings).toMatchObject({ noiseReduction: 'near_field', greeting: true, textReplies: false });
  });
});
