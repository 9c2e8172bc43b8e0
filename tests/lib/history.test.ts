import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { exportFileName, toJson, toMarkdown, type Conversation } from '@/lib/history/export';
import {
  deleteAllConversations,
  deleteConversation,
  fromTranscript,
  getConversation,
  listConversations,
  MAX_CONVERSATIONS,
  saveConversation,
} from '@/lib/history/store';
import { recordProgress } from '@/entrypoints/background/history-recorder';
import { addNotice, emptyTranscript, upsert, type Message, type Transcript } from '@/lib/transcript/reduce';
import { sessionSharedItem } from '@/lib/state/storage';
import type { Progress } from '@/lib/history/progress';

const T0 = Date.UTC(2025, 4, 1, 14, 2, 3);
const msg = (id: string, role: Message['role'], text: string, at: number, extra: Partial<Message> = {}): Message => ({ id, role, text, final: true, at, ...extra });
const PAGE = { title: 'Tide Pools', url: 'https://example.org/tide' };

function conversation(): Conversation {
  return {
    id: 'c1',
    startedAt: T0,
    endedAt: T0 + 9000,
    page: PAGE,
    messages: [
      msg('u1', 'user', 'What are tide pools?', T0),
      msg('a1', 'assistant', 'Rocky pools left by the tide, full of life.', T0 + 2000, { interrupted: true, heard: 23 }),
      msg('n1', 'notice', 'Connection lost — reconnected.', T0 + 5000),
      msg('u2', 'user', 'thanks', T0 + 9000, { final: false }),
    ],
  };
}

describe('export', () => {
  it('Markdown: title, page, times, who said what, cut-off and approximate marks', () => {
    expect(toMarkdown(conversation())).toBe(
      [
        '# Tide Pools',
        '',
        '- Page: <https://example.org/tide>',
        '- Started: 2025-05-01T14:02:03Z',
        '- Ended: 2025-05-01T14:02:12Z',
        '- Messages: 4',
        '',
        '**You** (2025-05-01T14:02:03Z): What are tide pools?',
        '',
        '**Assistant** (2025-05-01T14:02:05Z): Rocky pools left by the *[cut off; not heard: tide, full of life.]*',
        '',
        '*Hark: Connection lost — reconnected.*',
        '',
        '**You** (2025-05-01T14:02:12Z): thanks *(approximate)*',
        '',
      ].join('\n'),
    );
  });

  it('JSON: versioned, complete, round-trips', () => {
    const data = JSON.parse(toJson(conversation()));
    expect(data).toMatchObject({ format: 'hark.conversation', version: 1, id: 'c1', page: PAGE, startedAt: '2025-05-01T14:02:03Z' });
    expect(data.messages).toHaveLength(4);
    expect(data.messages[1]).toEqual({
      id: 'a1',
      role: 'assistant',
      at: '2025-05-01T14:02:05Z',
      text: 'Rocky pools left by the tide, full of life.',
      final: true,
      interrupted: true,
      heardChars: 23,
    });
  });

  it('file names are dated and slugged', () => {
    expect(exportFileName(conversation(), 'md')).toBe('hark-2025-05-01-1402-tide-pools.md');
    expect(exportFileName({ ...conversation(), page: null }, 'json')).toBe('hark-2025-05-01-1402-no-page.json');
  });
});

describe('history store', () => {
  beforeEach(() => fakeBrowser.reset());

  const transcript = (): Transcript => {
    let t = emptyTranscript();
    t = upsert(t, msg('u1', 'user', 'Hi', T0));
    t = upsert(t, msg('a1', 'assistant', '', T0 + 1)); // empty placeholder: not kept
    t = upsert(t, msg('a2', 'assistant', 'Hello!', T0 + 2));
    return addNotice(t, 'gap-1', 'Connection lost', T0 + 3);
  };

  it('builds a conversation from a transcript, or nothing when nothing was said', () => {
    const c = fromTranscript(transcript(), { title: 'T', url: 'u' })!;
    expect(c.id).toBe(`c-${T0}-u1`);
    expect(c.messages.map((m) => m.id)).toEqual(['u1', 'a2', 'gap-1']);
    expect([c.startedAt, c.endedAt]).toEqual([T0, T0 + 3]);
    expect(fromTranscript(addNotice(emptyTranscript(), 'n', 'x', 0), null)).toBeNull();
  });

  it('saves, lists newest first, reopens, replaces by id, deletes one and all', async () => {
    const a = { ...conversation(), id: 'a', startedAt: 1 };
    const b = { ...conversation(), id: 'b', startedAt: 2 };
    await saveConversation(a);
    await saveConversation(b);
    await saveConversation({ ...a, messages: a.messages.slice(0, 1) });
    expect((await listConversations()).map((e) => [e.id, e.count])).toEqual([
      ['b', 4],
      ['a', 1],
    ]);
    expect((await getConversation('b'))?.messages).toHaveLength(4);
    await deleteConversation('b');
    expect((await listConversations()).map((e) => e.id)).toEqual(['a']);
    expect(await getConversation('b')).toBeNull();
    await deleteAllConversations();
    expect(await listConversations()).toEqual([]);
    expect(await getConversation('a')).toBeNull();
  });

  it('keeps at most MAX_CONVERSATIONS, dropping the oldest', async () => {
    for (let i = 0; i <= MAX_CONVERSATIONS; i++) await saveConversation({ ...conversation(), id: `c${i}`, startedAt: i });
    const list = await listConversations();
    expect(list).toHaveLength(MAX_CONVERSATIONS);
    expect(list.at(-1)!.id).toBe('c1');
    expect(await getConversation('c0')).toBeNull();
  });

  it('records a conversation when its session ends, once', async () => {
    const ending: Progress = { state: { status: 'ending' }, transcript: null };
    const ended: Progress = { state: { status: 'idle' }, transcript: transcript() };
    await sessionSharedItem.setValue({ page: { lang: 'en', description: '', selection: '', headings: [], text: '', title: 'Tide Pools', url: 'https://x' }, instructions: '' });
    await recordProgress(ended, ending);
    expect((await listConversations()).map((e) => e.title)).toEqual(['Tide Pools']);
    await deleteAllConversations();
    // Later changes to an idle record do not bring a deleted conversation back.
    await recordProgress(ended, ended);
    expect(await listConversations()).toEqual([]);
  });
});
