import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { getSettings, settingsItem, watchSettings } from '@/lib/state/storage';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

describe('settings in storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('getSettings fills fields an older version did not save', async () => {
    await fakeBrowser.storage.local.set({ settings: { mode: 'local', voice: 'cedar' } });
    const s = await getSettings();
    expect(s).toMatchObject({ mode: 'local', voice: 'cedar', speed: DEFAULT_SETTINGS.speed, keepReadyMinutes: DEFAULT_SETTINGS.keepReadyMinutes });
    expect(s.siteRules).toEqual(DEFAULT_SETTINGS.siteRules);
  });

  it('getSettings is the defaults when nothing was saved', async () => expect(await getSettings()).toEqual(DEFAULT_SETTINGS));

  it('watchSettings hands listeners complete settings', async () => {
    const seen: Settings[] = [];
    const unwatch = watchSettings((s) => seen.push(s));
    await settingsItem.setValue({ voice: 'ash' } as Settings);
    unwatch();
    expect(seen.at(-1)).toMatchObject({ voice: 'ash', mode: DEFAULT_SETTINGS.mode, model: DEFAULT_SETTINGS.model });
  });

  // The items are ready for the next shape change: a value saved today (version 1, or no version
  // metadata at all from before items were versioned) is migrated when the item goes to version 2.
  it.each([
    ['saved with version metadata', { settings: { voice: 'ash' }, settings$: { v: 1 } }],
    ['saved before items were versioned', { settings: { voice: 'ash' } }],
  ])('a v2 migration reaches a value %s', async (_, stored) => {
    await fakeBrowser.storage.local.set(stored);
    const v2 = storage.defineItem<{ voice: string; voices: string[] }>('local:settings', {
      version: 2,
      migrations: { 2: (old: { voice: string }) => ({ ...old, voices: [old.voice] }) },
    });
    await v2.migrate();
    expect(await v2.getValue()).toEqual({ voice: 'ash', voices: ['ash'] });
    expect(await fakeBrowser.storage.local.get('settings$')).toEqual({ settings$: { v: 2 } });
  });
});
