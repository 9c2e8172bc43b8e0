import { describe, expect, it } from 'vitest';
import { DEFAULT_KEEP_READY_MINUTES, standbyMs } from '@/lib/session/standby';
import { DEFAULT_SETTINGS, withDefaults } from '@/lib/settings';

describe('standbyMs', () => {
  it('keeps the document for the chosen minutes while a side panel is open', () => {
    expect(DEFAULT_SETTINGS.keepReadyMinutes).toBe(DEFAULT_KEEP_READY_MINUTES);
    expect(standbyMs(5, true)).toBe(300_000);
    expect(standbyMs(0.02, true)).toBe(1_200);
  });

  it('keeps nothing once the side panel is closed', () => {
    expect(standbyMs(5, false)).toBe(0);
  });

  it('treats 0 and nonsense as "close at once", and caps long values at an hour', () => {
    for (const none of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined]) expect(standbyMs(none, true)).toBe(0);
    expect(standbyMs(600, true)).toBe(3_600_000);
  });

  it('settings saved before the option existed get the default', () => {
    expect(withDefaults({ idleTimeoutMinutes: 2 }).keepReadyMinutes).toBe(DEFAULT_KEEP_READY_MINUTES);
  });
});
