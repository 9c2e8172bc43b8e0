import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../lib/log';
import { serial } from '../../lib/serial';

describe('createLogger', () => {
  it('prefixes every line with its scope and passes details through', () => {
    const sink = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const log = createLogger('offscreen', sink);
    log.warn('mic lost', { code: 'NotFound' });
    log.info('live');
    expect(sink.warn).toHaveBeenCalledWith('[hark:offscreen] mic lost', { code: 'NotFound' });
    expect(sink.info).toHaveBeenCalledWith('[hark:offscreen] live');
  });
});

describe('serial', () => {
  it('runs jobs one at a time in call order, and a failure does not block the next', async () => {
    const run = serial();
    const order: string[] = [];
    const slow = run(async () => { await new Promise((r) => setTimeout(r, 20)); order.push('a'); });
    const failing = run(async () => { order.push('b'); throw new Error('boom'); });
    const last = run(async () => { order.push('c'); return 3; });
    await slow;
    await expect(failing).rejects.toThrow('boom');
    await expect(last).resolves.toBe(3);
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
