import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { muteAudibleTabs, restoreTabs } from '@/entrypoints/background/tab-muting';
import { mutedByHarkItem } from '@/lib/state/worker';

type Tab = { id: number; audible: boolean; mutedInfo: { muted: boolean; reason?: string; extensionId?: string } };

/** The tabs API of WXT's fakeBrowser (what `browser` is in unit tests), answering from `list`. */
function fakeTabs(list: Tab[]) {
  const ME = fakeBrowser.runtime.id;
  const tabs = {
    query: vi.fn(async (q: { audible?: boolean; muted?: boolean }) =>
      list.filter((t) => (q.audible == null || t.audible === q.audible) && (q.muted == null || t.mutedInfo.muted === q.muted)),
    ),
    get: vi.fn(async (id: number) => {
      const t = list.find((x) => x.id === id);
      if (!t) throw new Error('No tab');
      return t;
    }),
    update: vi.fn(async (id: number, { muted }: { muted: boolean }) => {
      const t = list.find((x) => x.id === id)!;
      t.mutedInfo = muted ? { muted, reason: 'extension', extensionId: ME } : { muted };
      return t;
    }),
  };
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(tabs.query as unknown as typeof fakeBrowser.tabs.query);
  vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(tabs.get as unknown as typeof fakeBrowser.tabs.get);
  vi.spyOn(fakeBrowser.tabs, 'update').mockImplementation(tabs.update as unknown as typeof fakeBrowser.tabs.update);
  return tabs;
}

describe('muting other tabs while the assistant talks', () => {
  beforeEach(() => fakeBrowser.reset());

  it('mutes audible, unmuted tabs and remembers which', async () => {
    const list: Tab[] = [
      { id: 1, audible: true, mutedInfo: { muted: false } },
      { id: 2, audible: false, mutedInfo: { muted: false } },
      { id: 3, audible: true, mutedInfo: { muted: true, reason: 'user' } },
    ];
    const tabs = fakeTabs(list);
    await muteAudibleTabs();
    expect(tabs.update).toHaveBeenCalledTimes(1);
    expect(tabs.update).toHaveBeenCalledWith(1, { muted: true });
    expect(await mutedByHarkItem.getValue()).toEqual([1]);
  });

  it('restores only tabs Hark muted that are still muted by Hark', async () => {
    const list: Tab[] = [
      { id: 1, audible: true, mutedInfo: { muted: false } },
      { id: 2, audible: true, mutedInfo: { muted: false } },
      { id: 3, audible: true, mutedInfo: { muted: true, reason: 'user' } },
    ];
    const tabs = fakeTabs(list);
    await muteAudibleTabs();
    // Meanwhile the user mutes tab 2 themselves, and tab 4 (never muted by Hark) is gone.
    list[1]!.mutedInfo = { muted: true, reason: 'user' };
    await mutedByHarkItem.setValue([...(await mutedByHarkItem.getValue()), 4]);
    tabs.update.mockClear();
    await restoreTabs();
    expect(tabs.update.mock.calls).toEqual([[1, { muted: false }]]);
    expect(list[1]!.mutedInfo.muted).toBe(true);
    expect(list[2]!.mutedInfo.muted).toBe(true);
    expect(await mutedByHarkItem.getValue()).toEqual([]);
  });
});
