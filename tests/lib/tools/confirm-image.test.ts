import { describe, expect, it, vi } from 'vitest';
import { Confirmations } from '@/lib/tools/confirm';
import { outcomeEvents, outputText } from '@/lib/tools/image';
import { appendShared, SHARED_LOG_MAX } from '@/lib/tools/panel-state';

const req = { tool: 'open_link' as const, action: 'Open this link in this tab', target: 'https://a.example/x' };

describe('confirmations', () => {
  it('wait for the user and report every change', async () => {
    const changes = vi.fn();
    const c = new Confirmations(changes);
    const p = c.ask(req);
    const [pending] = c.list();
    expect(pending).toMatchObject(req);
    expect(changes).toHaveBeenLastCalledWith([pending]);
    expect(c.answer('made-up', true)).toBe(false);
    expect(c.answer(pending!.id, true)).toBe(true);
    expect(await p).toBe('allowed');
    expect(c.list()).toEqual([]);
    expect(c.answer(pending!.id, true)).toBe(false); // answered once only
  });

  it('end as cancelled on abort or the end of the conversation, and time out', async () => {
    vi.useFakeTimers();
    try {
      const c = new Confirmations(() => {}, 1000);
      const ac = new AbortController();
      const a = c.ask(req, ac.signal);
      const b = c.ask(req);
      const t = c.ask(req);
      ac.abort();
      expect(await a).toBe('cancelled');
      c.answer(c.list()[0]!.id, false);
      expect(await b).toBe('denied');
      vi.advanceTimersByTime(1000);
      expect(await t).toBe('timed-out');
      const d = c.ask(req);
      c.cancelAll();
      expect(await d).toBe('cancelled');
      const already = new AbortController();
      already.abort();
      expect(await c.ask(req, already.signal)).toBe('cancelled');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('tool outcomes as Realtime events', () => {
  const call = { callId: 'call_9', name: 'look_at_screen', arguments: '{}' };
  it('send an image as an input_image user message after the output, never as text', () => {
    const image = 'data:image/jpeg;base64,QUJD';
    const ev = outcomeEvents(call, { ok: true, output: { image_url: image, note: 'n' }, summary: 's' });
    expect(ev.map((e) => e.type)).toEqual(['conversation.item.create', 'conversation.item.create', 'response.create']);
    expect(JSON.stringify(ev[0])).not.toContain('QUJD');
    expect(ev[0]).toMatchObject({ item: { type: 'function_call_output', call_id: 'call_9' } });
    expect(ev[1]).toMatchObject({ item: { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: image }] } });
  });
  it('send errors and plain outputs as JSON text', () => {
    expect(outputText({ ok: false, error: 'The user declined', summary: 's' })).toBe('{"error":"The user declined"}');
    expect(outcomeEvents(call, { ok: true, output: { image_url: 'javascript:x' }, summary: 's' })).toHaveLength(2);
  });
});

describe('shared log', () => {
  it('is bounded and keeps only the latest thumbnails', () => {
    let log = appendShared([], { tool: 'find_on_page', summary: 'x', at: 0 });
    for (let i = 0; i < 60; i++) log = appendShared(log, { tool: 'look_at_screen', summary: `s${i}`, thumbnail: 'data:image/jpeg;base64,A', at: i });
    expect(log).toHaveLength(SHARED_LOG_MAX);
    expect(log.filter((e) => e.thumbnail)).toHaveLength(3);
    expect(log.at(-1)?.thumbnail).toBeDefined();
  });
});
