import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, firstStartRetryDelay, nextRetryDelay } from '@/lib/session/backoff';
import { classifyCallError, classifyHttpError, sessionError, unreachableError } from '@/lib/errors';

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

describe('first start (never live)', () => {
  it('unreachable, refused or 5xx: fails at once, no retry loop', () => {
    for (const error of [
      unreachableError('http://127.0.0.1:9/v1/realtime/client_secrets', 'Could not reach 127.0.0.1:9'),
      classifyHttpError(500, ''),
      classifyHttpError(503, ''),
      sessionError('session-expired', 'expired'),
    ]) {
      expect(error.retryable).toBe(true); // a live session would reconnect on each of these
      expect(firstStartRetryDelay(1, error)).toBeNull();
    }
  });

  it('a 429 is retried once, after its retry-after (else a second); a second failure ends it', () => {
    expect(firstStartRetryDelay(1, classifyHttpError(429, '', '2'))).toBe(2000);
    expect(firstStartRetryDelay(1, classifyHttpError(429, ''))).toBe(1000);
    expect(firstStartRetryDelay(2, classifyHttpError(429, '', '2'))).toBeNull();
  });

  it('a refused short-lived key gets one fresh key at once; a rejected API key never retries', () => {
    expect(firstStartRetryDelay(1, classifyCallError(401, ''))).toBe(0);
    expect(firstStartRetryDelay(2, classifyCallError(401, ''))).toBeNull();
    expect(firstStartRetryDelay(1, classifyHttpError(401, ''))).toBeNull();
    expect(firstStartRetryDelay(1, classifyHttpError(429, '{"error":{"code":"insufficient_quota"}}'))).toBeNull();
  });
});
