import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { TranscriptView } from '@/components/TranscriptView';
import { staticSource, TranscriptStore } from '@/components/transcript-store';
import { addTyped, emptyTranscript, reduceEvent, setHeard, upsert, type Message, type Transcript } from '@/lib/transcript/reduce';
import {
  assistantDelta,
  assistantDone,
  assistantItem,
  audioCleared,
  event,
  speechStarted,
  textDelta,
  transcriptionCompleted,
  transcriptionDelta,
  typedItem,
  userAudioItem,
  type WireEvent,
} from '../fixtures/realtime-events';

const rows = (c: Element) => [...c.querySelectorAll<HTMLLIElement>('.msg')];
const texts = (c: Element) => rows(c).map((li) => `${li.dataset.role}:${li.querySelector('.text')!.textContent}`);
/** The nodes whose attributes, text or children `fn` changed inside `root`. */
function mutatedBy(root: Node, fn: () => void): Set<Node> {
  const changed = new Set<Node>();
  const observer = new MutationObserver((records) => records.forEach((r) => changed.add(r.target)));
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  fn();
  observer.takeRecords().forEach((r) => changed.add(r.target));
  observer.disconnect();
  return changed;
}

/** The user scrolls the list up to read (a wheel gesture, then the scroll it causes, to 100 px). */
function scrollUpToRead(list: HTMLElement): void {
  fireEvent.wheel(list, { deltaY: -300 });
  list.scrollTop = 100;
  fireEvent.scroll(list);
}

/** After pending MutationObserver callbacks (microtasks) and the frame they asked for. */
const nextFrame = () =>
  act(async () => {
    await Promise.resolve();
    await new Promise<void>((r) => requestAnimationFrame(() => r()));
  });

/**
 * The side panel's path: the offscreen document reduces events and broadcasts each changed
 * message with the id before it; the panel's store applies them.
 */
function livePanel(start: Transcript = emptyTranscript()) {
  const store = new TranscriptStore();
  store.load(start);
  let t = start;
  let clock = 1_700_000_000_000;
  const send = (next: Transcript, changed: string[]) => {
    t = next;
    act(() => {
      for (const id of changed) {
        const i = t.order.indexOf(id);
        store.apply(t.byId[id]!, i > 0 ? t.order[i - 1]! : null);
      }
    });
  };
  return {
    store,
    get t() {
      return t;
    },
    send,
    feed(events: WireEvent[]) {
      for (const e of events) {
        const r = reduceEvent(t, event(e), clock);
        clock += 1000;
        send(r.transcript, r.changed);
      }
    },
  };
}

/** A voice turn where the user's transcription arrives after the assistant started replying. */
const LATE_TRANSCRIPTION = [
  speechStarted('u1'),
  userAudioItem('u1', null),
  assistantItem('a1', 'u1'),
  assistantDelta('a1', 'It is ', 'r1'),
  transcriptionDelta('u1', 'What is'),
];

describe('TranscriptView', () => {
  afterEach(cleanup);

  it('shows messages in conversation order, user text approximate until final', () => {
    const p = livePanel();
    const { container } = render(<TranscriptView source={p.store} />);
    p.feed(LATE_TRANSCRIPTION);
    expect(texts(container)).toEqual(['user:What is (approximate)', 'assistant:It is ']);
    p.feed([
      transcriptionCompleted('u1', 'What is this?'),
      assistantDelta('a1', 'a page.', 'r1'),
    ]);
    expect(texts(container)).toEqual(['user:What is this?', 'assistant:It is a page.']);
    expect(rows(container)[0]!.dataset.final).toBe('true');
  });

  it('streams deltas into the same row, re-rendering only that row', () => {
    const p = livePanel();
    const { container } = render(<TranscriptView source={p.store} />);
    p.feed(LATE_TRANSCRIPTION);
    const [userRow, assistantRow] = rows(container);
    const changed = mutatedBy(container, () => p.feed([assistantDelta('a1', 'about ', 'r1')]));
    expect(rows(container)[1]).toBe(assistantRow);
    expect(assistantRow!.querySelector('.text')!.textContent).toBe('It is about ');
    const list = container.querySelector('.transcript')!;
    const inList = [...changed].filter((n) => list.contains(n));
    expect(inList.length).toBeGreaterThan(0);
    expect(inList.every((n) => assistantRow!.contains(n))).toBe(true);
    expect([...changed].some((n) => userRow!.contains(n))).toBe(false);
  });

  it('shows an interrupted reply as cut off where playback stopped', () => {
    const p = livePanel();
    p.feed([
      ...LATE_TRANSCRIPTION,
      assistantDelta('a1', 'a long answer', 'r1'),
      audioCleared('r1'),
    ]);
    p.send(setHeard(p.t, 'a1', 'It is '.length), ['a1']);
    const { container } = render(<TranscriptView source={p.store} />);
    const row = rows(container)[1]!;
    expect(row.querySelector('.cut')!.textContent).toMatch(/cut off/);
    expect(row.querySelector('.unheard')!.textContent).toContain('a long answer');
    expect(row.querySelector('.text')!.firstChild!.textContent).toBe('It is ');
  });

  it('gives each message a timestamp and a copy button', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const p = livePanel();
    p.feed([
      typedItem('u1', null, 'Hello there'),
    ]);
    const { container } = render(<TranscriptView source={p.store} />);
    const time = container.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe(new Date(1_700_000_000_000).toISOString());
    const copy = screen.getByRole('button', { name: /Copy text from You/ });
    await act(async () => void fireEvent.click(copy));
    expect(writeText).toHaveBeenCalledWith('Hello there');
    expect(copy.textContent).toBe('Copied');
  });

  it('follows new content (once per frame), stops when the user scrolls up, and jumps back on request', async () => {
    const p = livePanel();
    const add = (i: number) => p.send(upsert(p.t, { id: `m${i}`, role: 'assistant', text: `message ${i}`, final: true, at: i }), [`m${i}`]);
    for (let i = 0; i < 5; i++) add(i);
    const { container } = render(<TranscriptView source={p.store} />);
    const list = container.querySelector('.transcript') as HTMLElement;
    let height = 1000;
    Object.defineProperty(list, 'scrollHeight', { get: () => height, configurable: true });
    Object.defineProperty(list, 'clientHeight', { get: () => 200, configurable: true });
    add(5);
    await nextFrame();
    expect(list.scrollTop).toBe(1000);
    // A streamed word in the last message is followed too.
    height = 1040;
    p.feed([textDelta('m5', ' more', 'r')]);
    await nextFrame();
    expect(list.scrollTop).toBe(1040);
    // Our own scroll's event arrives after more words made the list taller: still following.
    height = 1200;
    fireEvent.scroll(list);
    p.feed([textDelta('m5', ' words', 'r')]);
    await nextFrame();
    expect(list.scrollTop).toBe(1200);
    height = 1040;
    // The list moves by itself (rows drawn for the first time get their real height): still following.
    list.scrollTop = 500;
    fireEvent.scroll(list);
    add(7);
    await nextFrame();
    expect(list.scrollTop).toBe(1040);
    scrollUpToRead(list);
    height = 1200;
    add(8);
    await nextFrame();
    expect(list.scrollTop).toBe(100);
    const jump = await screen.findByRole('button', { name: 'Jump to latest' });
    fireEvent.click(jump);
    expect(list.scrollTop).toBe(1200);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
  });

  it('sending scrolls to your message even when you had scrolled up to read (issue 17, defect 12)', async () => {
    const p = livePanel();
    const add = (i: number) => p.send(upsert(p.t, { id: `m${i}`, role: 'assistant', text: `message ${i}`, final: true, at: i }), [`m${i}`]);
    for (let i = 0; i < 5; i++) add(i);
    const sent = signal(0);
    const { container } = render(<TranscriptView source={p.store} jumpOn={sent} />);
    const list = container.querySelector('.transcript') as HTMLElement;
    let height = 1000;
    Object.defineProperty(list, 'scrollHeight', { get: () => height, configurable: true });
    Object.defineProperty(list, 'clientHeight', { get: () => 200, configurable: true });
    scrollUpToRead(list);
    height = 1100;
    add(5);
    await nextFrame();
    expect(list.scrollTop).toBe(100);
    await screen.findByRole('button', { name: 'Jump to latest' });
    // The panel bumps `sent` once the typed message is accepted.
    height = 1200;
    p.send(addTyped(p.t, 'u9', 'my question', 6), ['u9']);
    await act(() => void sent.value++);
    await nextFrame();
    expect(list.scrollTop).toBe(1200);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
  });

  it('announces each message once, when it is final, and not what was there when the view opened', () => {
    const p = livePanel();
    p.feed([typedItem('u0', null, 'Earlier')]);
    const reopened = new TranscriptStore();
    reopened.load(p.t);
    const { container } = render(<TranscriptView source={reopened} />);
    const live = container.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('');
    cleanup();
    const q = livePanel();
    const view = render(<TranscriptView source={q.store} />);
    const region = view.container.querySelector('[aria-live="polite"]')!;
    q.feed(LATE_TRANSCRIPTION);
    expect(region.textContent).toBe('');
    q.feed([assistantDone('a1', 'It is a page.')]);
    expect(region.textContent).toBe('Assistant said: It is a page.');
    q.feed([assistantDone('a1', 'It is a page.')]);
    expect(region.textContent).toBe('Assistant said: It is a page.');
    expect(view.container.querySelector('.transcript')!.getAttribute('aria-live')).toBeNull();
  });

  it('at 2,000 messages one delta touches one row, and the list itself does not re-render', () => {
    const many: Message[] = [];
    for (let i = 0; i < 2000; i++) {
      many.push({ id: `m${i}`, role: i % 2 ? 'assistant' : 'user', text: `message number ${i}`, final: true, at: i * 1000 });
    }
    const p = livePanel({ order: many.map((m) => m.id), byId: Object.fromEntries(many.map((m) => [m.id, m])) });
    const { container } = render(<TranscriptView source={p.store} />);
    expect(rows(container)).toHaveLength(2000);
    const first = rows(container)[0];
    const list = container.querySelector('.transcript')!;
    const childChanges: MutationRecord[] = [];
    const observer = new MutationObserver((records) => childChanges.push(...records.filter((r) => r.target === list)));
    observer.observe(list, { childList: true, subtree: true, characterData: true });
    for (let i = 0; i < 20; i++) p.feed([textDelta('m1999', ` ${i}`, 'r')]);
    childChanges.push(...observer.takeRecords().filter((r) => r.target === list));
    observer.disconnect();
    expect(rows(container)[0]).toBe(first);
    expect(rows(container)[1999]!.querySelector('.text')!.textContent).toMatch(/ 19$/);
    expect(childChanges).toEqual([]);
  }, 60_000);

  it('groups rows in blocks of 50; a new message changes only the last block', () => {
    const many: Message[] = [];
    for (let i = 0; i < 120; i++) many.push({ id: `m${i}`, role: i % 2 ? 'assistant' : 'user', text: `message ${i}`, final: true, at: i });
    const p = livePanel({ order: many.map((m) => m.id), byId: Object.fromEntries(many.map((m) => [m.id, m])) });
    const { container } = render(<TranscriptView source={p.store} />);
    const blocks = () => [...container.querySelectorAll('.transcript > .block')];
    expect(blocks().map((b) => b.querySelectorAll('.msg').length)).toEqual([50, 50, 20]);
    expect(container.querySelector('.transcript')!.getAttribute('role')).toBe('list');
    expect(rows(container).every((r) => r.getAttribute('role') === 'listitem')).toBe(true);
    const [b0, b1] = blocks();
    const touched = mutatedBy(container, () => p.feed([textDelta('a_new', 'Hello', 'r2')]));
    expect(rows(container)).toHaveLength(121);
    expect(rows(container)[120]!.dataset.id).toBe('a_new');
    expect(blocks()[0]).toBe(b0);
    expect([...touched].some((n) => b0!.contains(n) || b1!.contains(n))).toBe(false);
  });
});

describe('TranscriptView keyboard', () => {
  afterEach(cleanup);

  it('is one tab stop; arrows, Home and End move between messages; C copies the focused one', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const msgs: Message[] = [0, 1, 2].map((i) => ({ id: `m${i}`, role: 'assistant', text: `text ${i}`, final: true, at: i }));
    const { container } = render(<TranscriptView source={staticSource(msgs)} />);
    const list = container.querySelector('.transcript') as HTMLElement;
    expect(list.tabIndex).toBe(0);
    expect([...container.querySelectorAll('button.copy')].every((b) => (b as HTMLElement).tabIndex === -1)).toBe(true);
    list.focus();
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows(container)[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows(container)[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(rows(container)[2]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await act(async () => void fireEvent.keyDown(document.activeElement!, { key: 'c' }));
    expect(writeText).toHaveBeenCalledWith('text 1');
  });
});

describe('TranscriptStore', () => {
  it('keeps messages that arrived while a snapshot was on its way, after the snapshot', () => {
    const store = new TranscriptStore();
    store.apply({ id: 'late', role: 'assistant', text: 'new', final: false, at: 3 }, 'a');
    const snap = upsert(upsert(emptyTranscript(), { id: 'u', role: 'user', text: 'q', final: true, at: 1 }), { id: 'a', role: 'assistant', text: 'r', final: true, at: 2 });
    store.load(snap, { keep: true });
    expect(store.messages().map((m) => m.id)).toEqual(['u', 'a', 'late']);
    store.load(snap);
    expect(store.messages().map((m) => m.id)).toEqual(['u', 'a']);
  });

  it('places by afterId, keeping a gap marker between the turns it separates', () => {
    const store = new TranscriptStore();
    store.apply({ id: 'u1', role: 'user', text: 'a', final: true, at: 1 });
    store.apply({ id: 'gap', role: 'notice', text: 'Reconnected', final: true, at: 2 });
    store.apply({ id: 'a1', role: 'assistant', text: 'b', final: false, at: 3 }, 'u1');
    expect(store.order.value).toEqual(['u1', 'gap', 'a1']);
    const before = store.order.value;
    store.apply({ id: 'a1', role: 'assistant', text: 'bc', final: false, at: 3 }, 'u1');
    expect(store.order.value).toBe(before);
  });
});

describe('typed messages', () => {
  afterEach(cleanup);

  it('show at once as sending, and lose the mark when the server has them', () => {
    const p = livePanel();
    const { container } = render(<TranscriptView source={p.store} />);
    p.send(addTyped(p.t, 'item_hark_1', 'Hello?', 1), ['item_hark_1']);
    expect(texts(container)).toEqual(['user:Hello? (sending…)']);
    p.feed([
      typedItem('item_hark_1', null, 'Hello?'),
    ]);
    expect(texts(container)).toEqual(['user:Hello?']);
  });
});
