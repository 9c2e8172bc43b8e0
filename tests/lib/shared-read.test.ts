import { describe, expect, it } from 'vitest';
import { sharedRead } from '@/lib/shared-read';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('sharedRead', () => {
  it('shares a read in flight with every caller', async () => {
    let reads = 0;
    const d = deferred<string>();
    const get = sharedRead(() => (reads++, d.promise), 100, () => 0);
    const a = get();
    const b = get();
    d.resolve('report');
    expect(await a).toBe('report');
    expect(await b).toBe('report');
    expect(reads).toBe(1);
  });

  it('reuses a finished read up to maxAgeMs after it finished, then reads again', async () => {
    let t = 0;
    let reads = 0;
    const get = sharedRead(async () => ++reads, 200, () => t);
    expect(await get()).toBe(1);
    t = 150;
    expect(await get()).toBe(1);
    t = 200;
    expect(await get()).toBe(1);
    t = 201;
    expect(await get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('takes the sharing window anew on every call (it follows whether a panel watches)', async () => {
    let t = 0;
    let reads = 0;
    let window = 150;
    const get = sharedRead(async () => ++reads, () => window, () => t);
    expect(await get()).toBe(1);
    t = 500;
    expect(await get()).toBe(2);
    window = 950;
    t = 1400;
    expect(await get()).toBe(2);
    t = 1451;
    expect(await get()).toBe(3);
  });

  it('does not share a failed read: the next call reads again', async () => {
    let reads = 0;
    const get = sharedRead(async () => {
      reads++;
      if (reads === 1) throw new Error('closed');
      return reads;
    }, 1000, () => 0);
    await expect(get()).rejects.toThrow('closed');
    expect(await get()).toBe(2);
  });

  it('keeps a 5 Hz loop fresh while a 2 Hz loop rides on its reads (150 ms window)', async () => {
    let t = 0;
    let reads = 0;
    const get = sharedRead(async () => ++reads, 150, () => t);
    // Two simulated seconds: telemetry every 200 ms (t = 0, 200, …), liveness every 500 ms, 20 ms later.
    let telemetry = 0;
    for (t = 0; t <= 2000; t += 10) {
      if (t % 200 === 0) {
        const before = reads;
        await get();
        if (reads > before) telemetry++;
      }
      if (t % 500 === 20) await get();
    }
    // Every telemetry tick got a new report; every liveness tick shared one: 11 reads, not 15.
    expect(telemetry).toBe(11);
    expect(reads).toBe(11);
  });
});
