import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { TranscriptView } from '@/components/TranscriptView';
import { emptyTranscript, messages, reduceEvent, setHeard, upsert, type Message, type Transcript } from '@/lib/transcript/reduce';
import type { RealtimeServerEvent } from '@/lib/protocol/realtime';

const ev = (e: Record<string, unknown>) => e as unknown as RealtimeServerEvent;
function feed(t: Transcript, events: Record<string, unknown>[]): Transcript {
  return events.reduce<Transcript>((acc, e, i) => reduceEvent(acc, ev(e), 1_700_000_000_000 + i * 1000).transcript, t);
}
const rows = (c: Element) => [...c.querySelectorAll<HTMLLIElement>('.msg')];
const texts = (c: Element) => rows(c).map((li) => `${li.dataset.role}:${li.querySelector('.text')!.textContent}`);

/** A voice turn where the user's transcription arrives after the assistant started replying. */
const LATE_TRANSCRIPTION = [
  { type: 'input_audio_buffer.speech_started', item_id: 'u1' },
  { type: 'conversation.item.added', previous_item_id: null, item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] } },
  { type: 'conversation.item.added', previous_item_id: 'u1', item: { id: 'a1', type: 'message', role: 'assistant', content: [] } },
  { type: 'response.output_audio_transcript.delta', item_id: 'a1', response_id: 'r1', delta: 'It is ' },
  { type: 'conversation.item.input_audio_transcription.delta', item_id: 'u1', delta: 'What is' },
];

describe('TranscriptView', () => {
  afterEach(cleanup);

  it('shows messages in conversation order, user text approximate until final', () => {
    const t = feed(emptyTranscript(), LATE_TRANSCRIPTION);
    const { container, rerender } = render(<TranscriptView messages={messages(t)} />);
    expect(texts(container)).toEqual(['user:What is (approximate)', 'assistant:It is ']);
    const t2 = feed(t, [
      { type: 'conversation.item.input_audio_transcription.completed', item_id: 'u1', transcript: 'What is this?' },
      { type: 'response.output_audio_transcript.delta', item_id: 'a1', response_id: 'r1', delta: 'a page.' },
    ]);
    rerender(<TranscriptView messages={messages(t2)} />);
    expect(texts(container)).toEqual(['user:What is this?', 'assistant:It is a page.']);
    expect(rows(container)[0]!.dataset.final).toBe('true');
  });

  it('streams deltas into the same row, re-rendering only that row', () => {
    let t = feed(emptyTranscript(), LATE_TRANSCRIPTION);
    const { container, rerender } = render(<TranscriptView messages={messages(t)} />);
    const [userRow, assistantRow] = rows(container);
    const changed = new Set<Node>();
    const observer = new MutationObserver((records) => records.forEach((r) => changed.add(r.target)));
    observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true });
    t = feed(t, [{ type: 'response.output_audio_transcript.delta', item_id: 'a1', response_id: 'r1', delta: 'about ' }]);
    rerender(<TranscriptView messages={messages(t)} />);
    observer.takeRecords().forEach((r) => changed.add(r.target));
    observer.disconnect();
    expect(rows(container)[1]).toBe(assistantRow);
    expect(assistantRow!.querySelector('.text')!.textContent).toBe('It is about ');
    const list = container.querySelector('.transcript')!;
    const inList = [...changed].filter((n) => list.contains(n));
    expect(inList.length).toBeGreaterThan(0);
    expect(inList.every((n) => assistantRow!.contains(n))).toBe(true);
    expect([...changed].some((n) => userRow!.contains(n))).toBe(false);
  });

  it('shows an interrupted reply as cut off where playback stopped', () => {
    let t = feed(emptyTranscript(), [
      ...LATE_TRANSCRIPTION,
      { type: 'response.output_audio_transcript.delta', item_id: 'a1', response_id: 'r1', delta: 'a long answer' },
      { type: 'output_audio_buffer.cleared', response_id: 'r1' },
    ]);
    t = setHeard(t, 'a1', 'It is '.length);
    const { container } = render(<TranscriptView messages={messages(t)} />);
    const row = rows(container)[1]!;
    expect(row.querySelector('.cut')!.textContent).toMatch(/cut off/);
    expect(row.querySelector('.unheard')!.textContent).toContain('a long answer');
    expect(row.querySelector('.text')!.firstChild!.textContent).toBe('It is ');
  });

  it('gives each message a timestamp and a copy button', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const t = feed(emptyTranscript(), [
      { type: 'conversation.item.added', previous_item_id: null, item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello there' }] } },
    ]);
    const { container } = render(<TranscriptView messages={messages(t)} />);
    const time = container.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe(new Date(1_700_000_000_000).toISOString());
    const copy = screen.getByRole('button', { name: /Copy text from You/ });
    await act(async () => void fireEvent.click(copy));
    expect(writeText).toHaveBeenCalledWith('Hello there');
    expect(copy.textContent).toBe('Copied');
  });

  it('follows new messages, stops when the user scrolls up, and jumps back on request', async () => {
    let t = emptyTranscript();
    const add = (i: number) => (t = upsert(t, { id: `m${i}`, role: 'assistant', text: `message ${i}`, final: true, at: i }));
    for (let i = 0; i < 5; i++) add(i);
    const { container, rerender } = render(<TranscriptView messages={messages(t)} />);
    const list = container.querySelector('.transcript') as HTMLElement;
    let height = 1000;
    Object.defineProperty(list, 'scrollHeight', { get: () => height, configurable: true });
    Object.defineProperty(list, 'clientHeight', { get: () => 200, configurable: true });
    add(5);
    rerender(<TranscriptView messages={messages(t)} />);
    expect(list.scrollTop).toBe(1000);
    // The user scrolls up to read.
    list.scrollTop = 100;
    fireEvent.scroll(list);
    height = 1200;
    add(6);
    rerender(<TranscriptView messages={messages(t)} />);
    expect(list.scrollTop).toBe(100);
    const jump = await screen.findByRole('button', { name: 'Jump to latest' });
    fireEvent.click(jump);
    expect(list.scrollTop).toBe(1200);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
  });

  it('announces each message once, when it is final', () => {
    let t = feed(emptyTranscript(), LATE_TRANSCRIPTION);
    const { container, rerender } = render(<TranscriptView messages={messages(t)} />);
    const live = container.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('');
    t = feed(t, [{ type: 'response.output_audio_transcript.done', item_id: 'a1', transcript: 'It is a page.' }]);
    rerender(<TranscriptView messages={messages(t)} />);
    expect(live.textContent).toBe('Assistant said: It is a page.');
    expect(container.querySelector('.transcript')!.getAttribute('aria-live')).toBeNull();
  });

  it('stays fast at 2,000 messages: one delta touches one row', () => {
    let t = emptyTranscript();
    const many: Message[] = [];
    for (let i = 0; i < 2000; i++) {
      many.push({ id: `m${i}`, role: i % 2 ? 'assistant' : 'user', text: `message number ${i}`, final: true, at: i * 1000 });
    }
    t = { order: many.map((m) => m.id), byId: Object.fromEntries(many.map((m) => [m.id, m])) };
    const { container, rerender } = render(<TranscriptView messages={messages(t)} />);
    expect(rows(container)).toHaveLength(2000);
    const first = rows(container)[0];
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      t = reduceEvent(t, ev({ type: 'response.output_text.delta', item_id: 'm1999', response_id: 'r', delta: ` ${i}` }), 0).transcript;
      rerender(<TranscriptView messages={messages(t)} />);
    }
    const perDelta = (performance.now() - started) / 20;
    console.info(`2,000 messages: ${perDelta.toFixed(1)} ms per delta`);
    expect(rows(container)[0]).toBe(first);
    expect(rows(container)[1999]!.querySelector('.text')!.textContent).toMatch(/ 19$/);
    // Generous bound for slow, shared machines (happy-dom is far slower than a browser; the
    // real-browser frame budget is checked in tests/e2e/ux.test.mjs).
    expect(perDelta).toBeLessThan(100);
  }, 60_000);
});

describe('TranscriptView keyboard', () => {
  afterEach(cleanup);

  it('is one tab stop; arrows, Home and End move between messages; C copies the focused one', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    let t = emptyTranscript();
    for (let i = 0; i < 3; i++) t = upsert(t, { id: `m${i}`, role: 'assistant', text: `text ${i}`, final: true, at: i });
    const { container } = render(<TranscriptView messages={messages(t)} />);
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
