import { describe, expect, it, vi } from 'vitest';
import { PageCache } from '@/lib/tools/page-cache';
import type { ToolPage } from '@/lib/tools/page-model';

const page = (text: string): ToolPage => ({ title: 't', url: 'https://a.example/', text, headings: [], links: [], selection: '' });

describe('PageCache', () => {
  it('reads a tab once per address; another address, a drop or the end of the conversation read again', async () => {
    const c = new PageCache();
    const load = vi.fn(async () => page('one'));
    expect((await c.read(1, 'https://a.example/', load)).text).toBe('one');
    await c.read(1, 'https://a.example/', load);
    expect(load).toHaveBeenCalledTimes(1);
    await c.read(1, 'https://a.example/other', load);
    expect(load).toHaveBeenCalledTimes(2);
    c.drop(1);
    await c.read(1, 'https://a.example/other', load);
    expect(load).toHaveBeenCalledTimes(3);
    c.clear();
    await c.read(1, 'https://a.example/other', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('concurrent calls share one load; a failed load is not kept', async () => {
    const c = new PageCache();
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new Error('no access');
      return page('ok');
    });
    const [a, b] = await Promise.allSettled([c.read(2, 'https://b.example/', load), c.read(2, 'https://b.example/', load)]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    expect(load).toHaveBeenCalledTimes(1);
    fail = false;
    expect((await c.read(2, 'https://b.example/', load)).text).toBe('ok');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('a fresh read replaces the kept page; an empty address is never a hit; only the last few tabs are kept', async () => {
    const c = new PageCache(2);
    await c.read(1, 'https://a.example/', async () => page('old'));
    await c.store(1, 'https://a.example/', Promise.resolve(page('new')));
    expect((await c.read(1, 'https://a.example/', async () => page('unused'))).text).toBe('new');
    const blank = vi.fn(async () => page('blank'));
    await c.read(3, '', blank);
    await c.read(3, '', blank);
    expect(blank).toHaveBeenCalledTimes(2);
    await c.read(4, 'https://d.example/', async () => page('d'));
    await c.read(5, 'https://e.example/', async () => page('e'));
    expect(c.size).toBe(2);
    const again = vi.fn(async () => page('a again'));
    await c.read(1, 'https://a.example/', again);
    expect(again).toHaveBeenCalledTimes(1); // tab 1 was the oldest: dropped
  });
});
