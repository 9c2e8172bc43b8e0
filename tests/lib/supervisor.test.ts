import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sessionError } from '@/lib/errors';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { accepts } from '@/lib/session/machine';
import { sessionRecordItem } from '@/lib/state/storage';
import type { AudioHost } from '@/lib/session/supervisor-deps';
import { supervisorWorld, transcriptOf } from '../fakes/supervisor-world';

const TAB = { id: 7, title: 'Docs', url: 'https://example.com/docs', incognito: false };
const dropped = (retryAfterMs?: number) => ({ kind: 'dropped' as const, error: sessionError('network', 'link lost', retryAfterMs) });

/** A world with a session that went live on attempt 1. */
async function liveWorld() {
  const w = supervisorWorld();
  expect(await w.supervisor.toggle(TAB)).toEqual({ ok: true });
  await w.supervisor.onConnectionEvent(1, { kind: 'live' });
  expect(await w.status()).toBe('live');
  return w;
}

describe('session supervisor', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts: reads the page, saves "connecting", hands a fresh key to the host, then goes live', async () => {
    const w = supervisorWorld();
    await w.supervisor.toggle(TAB);
    const rec = await w.record();
    expect(rec).toEqual({ state: { status: 'connecting' }, attempt: 1, retries: 0, tabId: 7 });
    expect(await w.shared()).toMatchObject({ page: { title: 'Docs' }, instructions: 'talk about Docs' });
    // The page, and the last conversation's transcript cleared, go with the state in one write.
    expect(w.writes).toEqual([['record', 'shared', 'transcript']]);
    expect(w.sharedShown).toEqual([await w.shared()]);
    expect(w.connects).toHaveLength(1);
    expect(w.connects[0]).toMatchObject({ attempt: 1, ephemeralKey: 'ek_test', resume: false, transcript: null });
    expect(w.connects[0]!.session.instructions).toBe('talk about Docs');
    expect(w.deps.transcriptReset).toHaveBeenCalledTimes(1);

    await w.supervisor.onConnectionEvent(1, { kind: 'live' });
    expect(await w.record()).toMatchObject({ state: { status: 'live', activity: 'listening', muted: false, since: w.clock.t } });
    expect(w.shown.map((s) => s.status)).toEqual(['connecting', 'live']);
  });

  it('a drop retries with backoff through the host, then reconnects with a new attempt resuming the transcript', async () => {
    const w = await liveWorld();
    await w.supervisor.checkpoint(1, transcriptOf('hello'));
    await w.supervisor.onConnectionEvent(1, dropped(5000));
    expect(await w.record()).toMatchObject({ state: { status: 'reconnecting', attempt: 1, nextAt: w.clock.t + 5000, wasLive: true }, retries: 1 });
    // The host owns the timer (the worker may be stopped); a server's retry-after is the floor.
    expect(w.retries).toEqual([{ attempt: 1, delayMs: 5000, watchOrigin: undefined }]);

    await w.supervisor.retryDue(1);
    expect(w.connects).toHaveLength(2);
    expect(w.connects[1]).toMatchObject({ attempt: 2, resume: true, transcript: transcriptOf('hello') });
    await w.supervisor.onConnectionEvent(2, { kind: 'live' });
    expect(await w.record()).toMatchObject({ state: { status: 'live' }, attempt: 2, retries: 0 });
  });

  it('gives up ("paused") after the last attempt of the backoff policy', async () => {
    const w = await liveWorld();
    for (let n = 1; n <= 10; n++) {
      await w.supervisor.onConnectionEvent(n, dropped(100));
      expect(await w.record()).toMatchObject({ state: { status: 'reconnecting', attempt: n }, retries: n });
      await w.supervisor.retryDue(n);
    }
    await w.supervisor.onConnectionEvent(11, dropped(100));
    const rec = await w.record();
    expect(rec.state.status).toBe('error');
    expect(rec.state.status === 'error' && rec.state.error.message).toMatch(/^Still failing after 10 attempts: .*Paused/);
    expect(w.host.close).toHaveBeenCalled();
  });

  it('a first start that fails before ever being live fails at once, with the error as it is', async () => {
    const w = supervisorWorld();
    await w.supervisor.toggle(TAB);
    await w.supervisor.onConnectionEvent(1, { kind: 'failed', error: sessionError('network', 'Server refused the connection') });
    expect(await w.record()).toMatchObject({ state: { status: 'error', error: { reason: 'network', message: 'Server refused the connection' } } });
    expect(w.retries).toEqual([]);
    expect(w.host.close).toHaveBeenCalled();
  });

  it('a first start that is rate limited waits once (not "connection lost"), and a mint failure fails the start', async () => {
    const w = supervisorWorld();
    w.mintNext({ ok: false, error: sessionError('rate-limited', 'slow down', 2000) });
    expect(await w.supervisor.toggle(TAB)).toEqual({ ok: true });
    expect(await w.record()).toMatchObject({ state: { status: 'reconnecting', wasLive: false }, retries: 1 });
    expect(w.retries).toEqual([{ attempt: 1, delayMs: 2000, watchOrigin: undefined }]);

    w.mintNext({ ok: false, error: sessionError('auth', 'bad key') });
    await w.supervisor.retryDue(1);
    expect(await w.record()).toMatchObject({ state: { status: 'error', error: { reason: 'auth' } } });
  });

  it('stops: hangs up, keeps the transcript, releases the host for standby, ends idle', async () => {
    const w = await liveWorld();
    expect(await w.supervisor.toggle(TAB)).toEqual({ ok: true });
    const rec = await w.record();
    expect(rec.state.status).toBe('idle');
    expect(await w.transcript()).toEqual(transcriptOf('from the host'));
    expect(w.host.disconnect).toHaveBeenCalledTimes(1);
    expect(w.host.release).toHaveBeenCalledWith(DEFAULT_SETTINGS.keepReadyMinutes);
    expect(w.shown.map((s) => s.status).slice(-2)).toEqual(['ending', 'idle']);
  });

  it('after a worker restart, resumes from the stored record: events of the current attempt count, a toggle stops', async () => {
    const w = await liveWorld();
    w.restart();
    await w.supervisor.onConnectionEvent(1, { kind: 'activity', activity: 'assistant-speaking' });
    expect(await w.record()).toMatchObject({ state: { status: 'live', activity: 'assistant-speaking' } });
    await w.supervisor.toggle();
    expect(await w.status()).toBe('idle');
  });

  it('after a worker restart, a live record whose host is gone reconnects (the host crashed under it)', async () => {
    const w = await liveWorld();
    w.restart();
    w.state.exists = false;
    await w.supervisor.hostGone();
    expect(await w.record()).toMatchObject({ state: { status: 'reconnecting', wasLive: true }, retries: 1 });
    expect(w.host.ensure).toHaveBeenCalled();
    expect(w.retries.at(-1)).toMatchObject({ attempt: 1 });
  });

  it('after a worker restart, a crashed host is recovered from storage alone: state, page, instructions and transcript', async () => {
    const w = await liveWorld();
    await w.supervisor.checkpoint(1, transcriptOf('said before the crash'));
    // The worker is stopped and the host crashes: nothing is left in memory anywhere.
    w.restart();
    w.state.exists = false;
    const snap = await w.supervisor.snapshot();
    expect(snap).toMatchObject({ state: { status: 'reconnecting', wasLive: true }, page: { title: 'Docs' }, instructions: 'talk about Docs' });
    await w.supervisor.retryDue(1);
    expect(w.connects.at(-1)).toMatchObject({ attempt: 2, resume: true, transcript: transcriptOf('said before the crash') });
    expect(w.connects.at(-1)!.session.instructions).toBe('talk about Docs');
    expect(w.deps.mint.mock.calls.at(-1)![1]).toMatchObject({ instructions: 'talk about Docs' });
  });

  it('a state change alone (activity) writes only the small record and sends no page or instructions', async () => {
    const w = await liveWorld();
    w.writes.length = 0;
    w.sharedShown.length = 0;
    await w.supervisor.onConnectionEvent(1, { kind: 'activity', activity: 'assistant-speaking' });
    await w.supervisor.onConnectionEvent(1, { kind: 'activity', activity: 'listening' });
    expect(w.writes).toEqual([['record'], ['record']]);
    expect(w.shown.slice(-2)).toMatchObject([{ activity: 'assistant-speaking' }, { activity: 'listening' }]);
    expect(w.sharedShown).toEqual([]);
    // The stored page is still there for a panel that opens now.
    expect(await w.supervisor.snapshot()).toMatchObject({ page: { title: 'Docs' }, instructions: 'talk about Docs' });
  });

  it('a checkpoint writes only the transcript; the record (and what watches it) is not touched', async () => {
    const w = await liveWorld();
    const shownBefore = w.shown.length;
    w.writes.length = 0;
    await w.supervisor.checkpoint(1, transcriptOf('hello'));
    expect(w.writes).toEqual([['transcript']]);
    expect(await w.transcript()).toEqual(transcriptOf('hello'));
    expect(w.shown).toHaveLength(shownBefore);
  });

  it('a page change is stored and sent as "shared" on its own; the same page again sends nothing', async () => {
    const w = await liveWorld();
    w.writes.length = 0;
    w.sharedShown.length = 0;
    const shownBefore = w.shown.length;
    await w.supervisor.followPage(9);
    expect(w.writes).toEqual([['record', 'shared']]); // the record only for its tab id
    expect(w.sharedShown).toEqual([{ page: expect.objectContaining({ title: 'tab 9' }), instructions: 'talk about tab 9' }]);
    expect(w.shown).toHaveLength(shownBefore); // the state did not change
    await w.supervisor.followPage(9);
    expect(w.writes).toHaveLength(1);
    expect(w.sharedShown).toHaveLength(1);
  });

  it('a "connecting" record with no host behind it after a restart is stale: it becomes an error', async () => {
    const w = supervisorWorld();
    await sessionRecordItem.setValue({ ...(await w.record()), state: { status: 'connecting' }, attempt: 3 });
    const snap = await w.supervisor.snapshot();
    expect(snap.state).toMatchObject({ status: 'error', error: { reason: 'internal' } });
  });

  it('ignores stale attempts: events, checkpoints and retry timers of a connection already replaced', async () => {
    const w = await liveWorld();
    await w.supervisor.onConnectionEvent(1, dropped());
    await w.supervisor.retryDue(1);
    await w.supervisor.onConnectionEvent(2, { kind: 'live' });
    const before = await w.record();

    await w.supervisor.onConnectionEvent(1, dropped());
    await w.supervisor.onConnectionEvent(1, { kind: 'failed', error: sessionError('auth', 'old key') });
    await w.supervisor.checkpoint(1, transcriptOf('old'));
    await w.supervisor.retryDue(1);
    expect(await w.record()).toEqual(before);
    expect(w.connects).toHaveLength(2);
  });

  it('asks for the microphone, then connects on a grant (or fails on a refusal)', async () => {
    const w = supervisorWorld();
    await w.supervisor.toggle(TAB);
    await w.supervisor.onConnectionEvent(1, { kind: 'failed', error: sessionError('mic-permission-needed', 'grant it') });
    expect(await w.status()).toBe('requesting-mic');
    expect(w.deps.askForMicrophone).toHaveBeenCalledTimes(1);
    await w.supervisor.onMicPermission(true);
    expect(await w.record()).toMatchObject({ state: { status: 'connecting' }, attempt: 2 });
    expect(w.connects.at(-1)).toMatchObject({ attempt: 2, resume: false });
  });

  it('a host that prompts for the microphone (Firefox) is answered before the mint: refused, nothing is minted or connected', async () => {
    const w = supervisorWorld();
    let answer: (error: ReturnType<typeof sessionError> | null) => void = () => {};
    const host: AudioHost = w.host;
    host.microphoneRefusal = () => new Promise((resolve) => (answer = resolve));
    const started = w.supervisor.toggle(TAB);
    await vi.waitFor(() => expect(w.shown.map((s) => s.status)).toEqual(['connecting']));
    expect(w.deps.mint).not.toHaveBeenCalled(); // the user is still reading the prompt
    answer(sessionError('mic-denied', 'refused in the prompt'));
    expect(await started).toEqual({ ok: false, error: expect.objectContaining({ reason: 'mic-denied', message: 'refused in the prompt' }) });
    expect(w.deps.mint).not.toHaveBeenCalled();
    expect(w.connects).toEqual([]);
    expect(w.host.close).toHaveBeenCalled();
    expect(await w.record()).toMatchObject({ state: { status: 'error', error: { reason: 'mic-denied' } } });

    // Starting again asks again; allowed, the start goes on as usual.
    host.microphoneRefusal = async () => null;
    expect(await w.supervisor.toggle(TAB)).toEqual({ ok: true });
    expect(w.deps.mint).toHaveBeenCalledTimes(1);
    expect(w.connects).toHaveLength(1);
  });

  it('text, mute and page updates go to the host only while live', async () => {
    const w = supervisorWorld();
    expect((await w.supervisor.sendText('hi')).ok).toBe(false);
    expect((await w.supervisor.setMuted(true)).ok).toBe(false);
    await w.supervisor.followPage(9);
    expect(w.deps.readPage).not.toHaveBeenCalled();

    await w.supervisor.toggle(TAB);
    await w.supervisor.onConnectionEvent(1, { kind: 'live' });
    expect(await w.supervisor.sendText('hi')).toEqual({ ok: true });
    expect(await w.supervisor.setMuted(true)).toEqual({ ok: true });
    expect(await w.record()).toMatchObject({ state: { status: 'live', muted: true } });
    await w.supervisor.followPage(9);
    expect(w.host.updateInstructions).toHaveBeenCalledWith('talk about tab 9');
    expect(await w.record()).toMatchObject({ tabId: 9 });
    expect(await w.shared()).toMatchObject({ instructions: 'talk about tab 9' });
  });

  it('"stop when the side panel closes" waits for the closing panel to leave the list, then stops', async () => {
    const w = supervisorWorld({ stopWhenPanelCloses: true });
    await w.supervisor.toggle(TAB);
    await w.supervisor.onConnectionEvent(1, { kind: 'live' });
    w.deps.openPanels.mockResolvedValueOnce(1).mockResolvedValueOnce(1);
    await w.supervisor.panelClosed();
    expect(w.deps.openPanels).toHaveBeenCalledTimes(3);
    expect(await w.status()).toBe('idle');
  });

  it('a failure to reach the host on connect is an internal error that ends the start', async () => {
    const w = supervisorWorld();
    w.state.connectFails = true;
    const res = await w.supervisor.toggle(TAB);
    expect(res).toMatchObject({ ok: false, error: { reason: 'internal' } });
    expect(await w.status()).toBe('error');
  });
});

describe('machine.accepts: the guards the supervisor asks instead of repeating', () => {
  const live = { status: 'live', activity: 'listening', muted: false, since: 0 } as const;
  const reconnecting = { status: 'reconnecting', attempt: 1, nextAt: 0 } as const;
  it('lets reports in only while active, talk only while live, retries only while reconnecting', () => {
    expect(accepts(live, 'report')).toBe(true);
    expect(accepts({ status: 'idle' }, 'report')).toBe(false);
    expect(accepts({ status: 'ending' }, 'report')).toBe(false);
    expect(accepts(live, 'talk')).toBe(true);
    expect(accepts(reconnecting, 'talk')).toBe(false);
    expect(accepts(reconnecting, 'retry')).toBe(true);
    expect(accepts(live, 'retry')).toBe(false);
    expect(accepts(reconnecting, 'follow')).toBe(true);
    expect(accepts({ status: 'connecting' }, 'follow')).toBe(false);
    expect(accepts({ status: 'requesting-mic' }, 'mic-answer')).toBe(true);
    expect(accepts({ status: 'connecting' }, 'mic-answer')).toBe(false);
  });
});
