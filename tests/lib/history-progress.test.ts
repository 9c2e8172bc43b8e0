import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deleteConversation, getConversation, listConversations } from '@/lib/history/store';
import { historyProblemItem } from '@/lib/state/history';
import { finishedSignature, historyProblemText, historyStep } from '@/lib/history/progress';
import { recordProgress, startHistoryRecorder } from '@/entrypoints/background/history-recorder';
import { supervisorWorld } from '../fakes/supervisor-world';
import { emptyTranscript, upsert, type Message, type Transcript } from '@/lib/transcript/reduce';
import { sessionSharedItem, type SessionRecord, type SessionShared } from '@/lib/state/storage';
import type { Progress } from '@/lib/history/progress';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const msg = (id: string, role: Message['role'], text: string, at: number, extra: Partial<Message> = {}): Message => ({ id, role, text, final: true, at, ...extra });
const live = { status: 'live', activity: 'listening', muted: false, since: T0 } as SessionRecord['state'];
const PAGE = { title: 'Heat pumps', url: 'https://example.org/hp' } as SessionShared['page'];
const rec = (state: SessionRecord['state'], transcript: Transcript | null): Progress => ({ state, transcript });
const build = (...ms: Message[]): Transcript => ms.reduce((t, m) => upsert(t, m), emptyTranscript());

describe('historyStep', () => {
  it('saves while running only when a message finished, and once at the end', () => {
    const one = build(msg('u1', 'user', 'Hi', T0));
    const streaming = upsert(one, msg('a1', 'assistant', 'Hel', T0 + 1, { final: false }));
    const two = upsert(one, msg('a1', 'assistant', 'Hello there', T0 + 1));
    expect(historyStep(rec(live, one), rec(live, null))).toBe('save');
    expect(historyStep(rec(live, streaming), rec(live, one))).toBe('none'); // only a delta: nothing finished
    expect(historyStep(rec(live, two), rec(live, streaming))).toBe('save');
    expect(historyStep(rec({ status: 'idle' }, two), rec({ status: 'ending' }, two))).toBe('save');
    expect(historyStep(rec({ status: 'idle' }, two), rec({ status: 'idle' }, two))).toBe('none');
  });

  it('signs only finished, kept messages', () => {
    expect(finishedSignature(build(msg('a', 'assistant', '', T0)))).toBe('');
    expect(finishedSignature(build(msg('a', 'assistant', 'x', T0, { final: false })))).toBe('');
    expect(finishedSignature(build(msg('a', 'assistant', 'xy', T0, { interrupted: true })))).toBe('a:2:1:0');
  });

  it('says a full disk in words', () => {
    expect(historyProblemText(new Error('QUOTA_BYTES quota exceeded'))).toMatch(/disk is full/);
    expect(historyProblemText(new Error('IO error'))).toMatch(/could not be saved/);
  });
});

describe('recordProgress (history as it goes)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    // The page is stored apart from the record (written when it is read, not on every checkpoint).
    await sessionSharedItem.setValue({ page: PAGE, instructions: '' });
  });

  it('has every finished message in history before the conversation ends', async () => {
    const t1 = build(msg('u1', 'user', 'What is a heat pump?', T0));
    await recordProgress(rec({ status: 'connecting' }, null), rec({ status: 'idle' }, null));
    await recordProgress(rec(live, t1), rec({ status: 'connecting' }, null));
    expect((await listConversations()).map((e) => [e.title, e.count])).toEqual([['Heat pumps', 1]]);
    const t2 = upsert(t1, msg('a1', 'assistant', 'A machine that moves heat.', T0 + 2));
    await recordProgress(rec(live, t2), rec(live, t1));
    const [entry] = await listConversations();
    expect((await getConversation(entry!.id))?.messages.map((m) => m.text)).toEqual(['What is a heat pump?', 'A machine that moves heat.']);
  });

  it('replaces the entry when the first message moves earlier (speech transcribed after the reply began)', async () => {
    const reply = build(msg('u1', 'user', '', T0), msg('a1', 'assistant', 'Sure.', T0 + 2));
    await recordProgress(rec(live, reply), rec({ status: 'connecting' }, null));
    expect((await listConversations()).map((e) => e.count)).toEqual([1]);
    const heard = upsert(reply, msg('u1', 'user', 'Can you help?', T0));
    await recordProgress(rec(live, heard), rec(live, reply));
    const list = await listConversations();
    expect(list.map((e) => e.count)).toEqual([2]);
    expect(list[0]!.id).toBe(`c-${T0}-u1`);
  });

  it('never brings back a conversation the user deleted while it was running', async () => {
    const t1 = build(msg('u1', 'user', 'Hello', T0));
    await recordProgress(rec(live, t1), rec({ status: 'connecting' }, null));
    const [entry] = await listConversations();
    await deleteConversation(entry!.id);
    const t2 = upsert(t1, msg('a1', 'assistant', 'Hi!', T0 + 1));
    await recordProgress(rec(live, t2), rec(live, t1));
    await recordProgress(rec({ status: 'idle' }, t2), rec({ status: 'ending' }, t2));
    expect(await listConversations()).toEqual([]);
  });

  it('reports a failed save for the side panel and clears it after the next good one', async () => {
    const t1 = build(msg('u1', 'user', 'Hello', T0));
    const set = fakeBrowser.storage.local.set;
    fakeBrowser.storage.local.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    await recordProgress(rec(live, t1), rec({ status: 'connecting' }, null));
    expect(await historyProblemItem.getValue()).toMatch(/disk is full/);
    fakeBrowser.storage.local.set = set;
    const t2 = upsert(t1, msg('a1', 'assistant', 'Hi!', T0 + 1));
    await recordProgress(rec(live, t2), rec(live, t1));
    expect(await historyProblemItem.getValue()).toBeNull();
    expect((await listConversations()).map((e) => e.count)).toEqual([2]);
  });
});

describe('the history recorder on the stored session', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saves on checkpoints (the transcript item) and at the end (the record), with the stored page', async () => {
    startHistoryRecorder();
    const w = supervisorWorld();
    await w.supervisor.toggle({ id: 7, title: 'Docs', url: 'https://example.com/docs', incognito: false });
    await w.supervisor.onConnectionEvent(1, { kind: 'live' });
    const t1 = build(msg('u1', 'user', 'What is a heat pump?', T0));
    await w.supervisor.checkpoint(1, t1);
    await vi.waitFor(async () => expect((await listConversations()).map((e) => [e.title, e.count])).toEqual([['Docs', 1]]));
    await w.supervisor.onConnectionEvent(1, { kind: 'activity', activity: 'assistant-speaking' });
    // The host's final copy comes with the stop, in the same write as the end.
    w.state.transcript = upsert(t1, msg('a1', 'assistant', 'A machine that moves heat.', T0 + 2));
    await w.supervisor.toggle();
    await vi.waitFor(async () => expect((await listConversations()).map((e) => e.count)).toEqual([2]));
  });
});
