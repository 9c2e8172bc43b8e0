import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextRetryDelay } from '@/lib/session/backoff';
import { sessionError } from '@/lib/errors';

const network = sessionError('network', 'dropped');
const mid = () => 0.5; // no jitter

describe('reconnect backoff', () => {
  it('retries at once, then grows exponentially up to the cap', () => {
    const delays = Array.from({ length: DEFAULT_BACKOFF.maxAttempts }, (_, i) => nextRetryDelay(i + 1, network, DEFAULT_BACKOFF, mid));
    expect(delays).toEqual([0, 250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('gives up after maxAttempts', () => {
    expect(nextRetryDelay(DEFAULT_BACKOFF.maxAttempts + 1, network)).toBeNull();
    expect(nextRetryDelay(0, network)).toBeNull();
  });

  it('jitters within ±25%', () => {
    expect(nextRetryDelay(5, network, DEFAULT_BACKOFF, () => 0)).toBe(1500);
    expect(nextRetryDelay(5, network, DEFAULT_BACKOFF, () => 1)).toBe(2500);
  });

  it('never retries errors that retrying cannot fix', () => {
    for (const reason of ['auth', 'forbidden', 'mic-denied', 'mic-not-found', 'bad-request'] as const) {
      expect(nextRetryDelay(1, sessionError(reason, 'x'))).toBeNull();
    }
  });

  it('honours a server retry-after as a floor, and retries 5xx and expiry', () => {
    expect(nextRetryDelay(1, sessionError('rate-limited', 'x', 7000), DEFAULT_BACKOFF, mid)).toBe(7000);
    expect(nextRetryDelay(6, sessionError('rate-limited', 'x', 100), DEFAULT_BACKOFF, mid)).toBe(4000);
    expect(nextRetryDelay(2, sessionError('server', 'x'), DEFAULT_BACKOFF, mid)).toBe(250);
    expect(nextRetryDelay(1, sessionError('session-expired', 'x'), DEFAULT_BACKOFF, mid)).toBe(0);
  });
});
