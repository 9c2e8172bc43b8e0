/**
 * A scripted world for the session supervisor: the session lives in `session:` storage (WXT's
 * fakeBrowser, reset per test) through the worker's own store, the audio host and the mint are
 * recording fakes, time is a number the test moves. `restart()` is a service worker restart: a
 * new supervisor, same storage. `writes` lists the keys each storage write changed.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSupervisor, type Supervisor } from '@/lib/session/supervisor';
import type { AudioHost, Minted, PageTab, SupervisorDeps } from '@/lib/session/supervisor-deps';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { sessionRecordItem, sessionSharedItem, sessionTranscriptItem, type SessionRecord, type SessionShared } from '@/lib/state/storage';
import { sessionStore } from '@/lib/state/session-store';
import type { ConnectRequest } from '@/lib/protocol/messages';
import type { SessionOptions } from '@/lib/realtime/protocol';
import type { Transcript } from '@/lib/transcript/reduce';

export const transcriptOf = (text: string): Transcript => ({
  order: ['m1'],
  byId: { m1: { id: 'm1', role: 'user', text, final: true, at: 1 } },
});

export function fakeHost() {
  const state = { exists: false, transcript: transcriptOf('from the host'), connectFails: false };
  const connects: ConnectRequest[] = [];
  const retries: { attempt: number; delayMs: number; watchOrigin?: string }[] = [];
  const host = {
    exists: vi.fn(async () => state.exists),
    ensure: vi.fn(async () => void (state.exists = true)),
    close: vi.fn(async () => void (state.exists = false)),
    release: vi.fn(async (_keepReadyMinutes: number) => void (state.exists = false)),
    connect: vi.fn(async (request: ConnectRequest) => {
      if (state.connectFails) throw new Error('no receiver');
      connects.push(request);
    }),
    disconnect: vi.fn(async () => state.transcript),
    scheduleRetry: vi.fn(async (retry: { attempt: number; delayMs: number; watchOrigin?: string }) => void retries.push(retry)),
    transcript: vi.fn(async () => state.transcript),
    sendText: vi.fn(async (_text: string) => ({ ok: true as const })),
    setMuted: vi.fn(async (_muted: boolean) => {}),
    updateInstructions: vi.fn(async (_instructions: string) => {}),
  } satisfies AudioHost;
  return { host, state, connects, retries };
}

export function supervisorWorld(settings: Partial<Settings> = {}) {
  const fake = fakeHost();
  const clock = { t: 1_000_000 };
  let nextMint: Minted = { ok: true, value: 'ek_test', callsUrl: 'https://api.openai.com/v1/realtime/calls', trustedOrigins: ['https://api.openai.com'] };
  const shown: SessionRecord['state'][] = [];
  const sharedShown: SessionShared[] = [];
  const writes: string[][] = [];
  fakeBrowser.storage.session.onChanged.addListener((changes) => void writes.push(Object.keys(changes).sort()));
  const deps = {
    host: fake.host,
    records: sessionStore,
    settings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
    mint: vi.fn(async (_s: Settings, _o: SessionOptions) => nextMint),
    readPage: vi.fn(async (tab: PageTab | undefined) =>
      tab ? { lang: 'en', description: '', selection: '', headings: [], text: `text of ${tab.title}`, title: tab.title ?? '', url: tab.url ?? '' } : null,
    ),
    tab: vi.fn(async (tabId: number): Promise<PageTab | undefined> => ({ id: tabId, title: `tab ${tabId}`, url: `https://example.com/${tabId}`, incognito: false })),
    configure: {
      instructions: (page: { title: string } | null) => `talk about ${page?.title ?? 'nothing'}`,
      options: (_page: unknown, instructions: string, s: Settings): SessionOptions => ({ model: s.model, voice: s.voice, instructions }),
      prefs: (s: Settings) => ({ costCapUsd: s.costCapUsd, volume: s.assistantVolume }),
      withServerPrefix: async (instructions: string) => instructions,
    },
    clock: { now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) },
    openPanels: vi.fn(async () => 0),
    show: (state: SessionRecord['state']) => void shown.push(state),
    showShared: (shared: SessionShared) => void sharedShown.push(shared),
    transcriptReset: vi.fn(),
    askForMicrophone: vi.fn(async () => {}),
    mark: () => {},
    log: { info: () => {}, warn: () => {}, error: () => {} },
  } satisfies SupervisorDeps;
  const world = {
    ...fake,
    deps,
    clock,
    shown,
    sharedShown,
    writes,
    supervisor: createSupervisor(deps) as Supervisor,
    record: () => sessionRecordItem.getValue(),
    shared: () => sessionSharedItem.getValue(),
    transcript: () => sessionTranscriptItem.getValue(),
    status: async () => (await sessionRecordItem.getValue()).state.status,
    mintNext(minted: Minted) {
      nextMint = minted;
    },
    /** The worker was stopped and woken: nothing in memory, the stored record remains. */
    restart() {
      world.supervisor = createSupervisor(deps);
    },
  };
  return world;
}
