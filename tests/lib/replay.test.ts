import { describe, expect, it } from 'vitest';
import { addNotice, emptyTranscript, messages, upsert, type Message, type Transcript } from '@/lib/transcript/reduce';
import { isReplayEcho, replayEvents } from '@/lib/transcript/replay';
import { reduceEvent } from '@/lib/transcript/reduce';
import { event, itemAdded, textDelta } from '../fixtures/realtime-events';

const msg = (id: string, role: Message['role'], text: string): Message => ({ id, role, text, final: true, at: 0 });
function conversation(n: number): Transcript {
  let t = emptyTranscript();
  for (let i = 0; i < n; i++) t = upsert(t, msg(`m${i}`, i % 2 ? 'assistant' : 'user', `turn ${i}`));
  return t;
}

describe('replay after reconnect', () => {
  it('replays user turns as input_text and assistant turns as output_text, reusing ids, in order', () => {
    const events = replayEvents(conversation(3));
    expect(events).toEqual([
      { type: 'conversation.item.create', item: { id: 'm0', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'turn 0' }] } },
      { type: 'conversation.item.create', item: { id: 'm1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'turn 1' }] } },
      { type: 'conversation.item.create', item: { id: 'm2', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'turn 2' }] } },
    ]);
  });

  it('keeps the newest turns within the budget and item cap, and skips notices and empty turns', () => {
    let t = conversation(50);
    t = addNotice(t, 'gap', 'Connection lost', 0);
    t = upsert(t, msg('empty', 'user', '  '));
    const events = replayEvents(t, 1000, 10);
    expect(events).toHaveLength(10);
    expect(events.map((e) => (e as { item: { id: string } }).item.id)).toEqual(Array.from({ length: 10 }, (_, i) => `m${40 + i}`));
    expect(replayEvents(t, 14, 99)).toHaveLength(2); // "turn 48" + "turn 49" = 14 chars
  });
});

describe('an interrupted reply is replayed as far as it was heard', () => {
  const said = 'The heat pump moves heat from outside air into the house, even in winter.';
  const replayedText = (t: Transcript) =>
    replayEvents(t).map((e) => (e as { item: { content: { text: string }[] } }).item.content[0]!.text);

  it('replays only the heard words of a reply cut off by barge-in or Interrupt', () => {
    const t = upsert(conversation(1), { ...msg('a1', 'assistant', said), interrupted: true, heard: 'The heat pump moves '.length });
    expect(replayedText(t)).toEqual(['turn 0', 'The heat pump moves']);
  });

  it('drops a reply cut before any of it played, and keeps whole replies and unmeasured cuts whole', () => {
    const silent = upsert(conversation(1), { ...msg('a1', 'assistant', said), interrupted: true, heard: 0 });
    expect(replayedText(silent)).toEqual(['turn 0']);
    const full = upsert(conversation(1), { ...msg('a1', 'assistant', said), interrupted: true, heard: said.length });
    expect(replayedText(full)).toEqual(['turn 0', said]);
    // No estimate (e.g. the document that measured it crashed): the whole text is the best guess.
    const unknown = upsert(conversation(1), { ...msg('a1', 'assistant', said), interrupted: true });
    expect(replayedText(unknown)).toEqual(['turn 0', said]);
  });

  it('counts only the heard part against the budget', () => {
    const t = upsert(conversation(1), { ...msg('a1', 'assistant', said), interrupted: true, heard: 4 });
    expect(replayEvents(t, 'turn 0'.length + 'The'.length, 10)).toHaveLength(2);
  });
});

describe('gap markers stay between the turns they separate', () => {
  it('a new turn placed after the last replayed item goes below the marker', () => {
    let t = addNotice(conversation(2), 'gap', 'Connection lost', 0);
    t = upsert(t, msg('m2', 'user', 'after the gap'), 'm1');
    expect(messages(t).map((m) => m.id)).toEqual(['m0', 'm1', 'gap', 'm2']);
    // Replay echoes (same ids, same neighbours) do not move anything.
    t = upsert(t, msg('m1', 'assistant', 'turn 1'), 'm0');
    expect(t.order).toEqual(['m0', 'm1', 'gap', 'm2']);
  });
});

describe('echoes of replayed turns', () => {
  const echo = (id: string, previous: string | null) => event(itemAdded({ id, type: 'message', role: 'user', content: [] }, previous));

  it('are recognised by id, and only for conversation.item.added/done', () => {
    const replayed = new Set(['m0', 'm1']);
    expect(isReplayEcho(echo('m0', null), replayed)).toBe(true);
    expect(isReplayEcho(echo('new', 'm1'), replayed)).toBe(false);
    expect(isReplayEcho(event(textDelta('m0', 'x')), replayed)).toBe(false);
  });

  it('would otherwise move an earlier turn after one said since the reconnect (why they are skipped)', () => {
    let t = conversation(2);
    t = upsert(t, msg('fresh', 'user', 'said right after reconnecting'));
    const moved = reduceEvent(t, echo('m0', 'fresh'), 1).transcript;
    expect(moved.order).toEqual(['m1', 'fresh', 'm0']);
  });
});
