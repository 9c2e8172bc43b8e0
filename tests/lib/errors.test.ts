import { describe, expect, it } from 'vitest';
import { apiErrorMessage, classifyCallError, classifyHttpError, classifyMediaError, parseRetryAfter, unreachableError } from '@/lib/errors';

const body = (message: string) => JSON.stringify({ error: { message, type: 'invalid_request_error', code: 'x', param: null } });

describe('classifyHttpError', () => {
  it.each([
    [401, 'auth', false],
    [403, 'forbidden', false],
    [429, 'rate-limited', true],
    [500, 'server', true],
    [503, 'server', true],
    [400, 'bad-request', false],
  ])('HTTP %i → %s (retryable %s)', (status, reason, retryable) => {
    const e = classifyHttpError(status, '');
    expect(e.reason).toBe(reason);
    expect(e.retryable).toBe(retryable);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('quotes the server message and tells the user to fix the key on 401', () => {
    const e = classifyHttpError(401, body('Incorrect API key provided: sk-ab***yz'));
    expect(e.message).toMatch(/API key was rejected/);
    expect(e.message).toContain('Incorrect API key provided');
  });

  it('honours retry-after on 429 (seconds or HTTP date)', () => {
    expect(classifyHttpError(429, '', '7').retryAfterMs).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('survives bodies that are not JSON', () => {
    expect(apiErrorMessage('<html>')).toBeUndefined();
    expect(classifyHttpError(502, '<html>bad gateway').message).not.toContain('<html>');
  });
});

describe('classifyMediaError', () => {
  it('tells "never asked" (dismissed) from "blocked" from "no device"', () => {
    expect(classifyMediaError('NotAllowedError', 'Permission dismissed').reason).toBe('mic-permission-needed');
    expect(classifyMediaError('NotAllowedError', 'Permission denied').reason).toBe('mic-denied');
    expect(classifyMediaError('NotFoundError', 'Requested device not found').reason).toBe('mic-not-found');
    expect(classifyMediaError('NotReadableError').reason).toBe('mic-not-found');
    expect(classifyMediaError('WeirdError', 'x').reason).toBe('internal');
  });
});

describe('classifyCallError (the SDP exchange, authorised by the ephemeral key)', () => {
  it('retries a refused ephemeral key with a fresh one; everything else as classifyHttpError', () => {
    const e = classifyCallError(401, '{"error":{"message":"expired"}}');
    expect(e).toMatchObject({ reason: 'auth', retryable: true });
    expect(e.message).toMatch(/short-lived session key/);
    expect(e.message).toMatch(/expired/);
    expect(classifyCallError(403, '')).toEqual(classifyHttpError(403, '', undefined, 'connecting'));
    expect(classifyCallError(429, '', '3')).toMatchObject({ reason: 'rate-limited', retryAfterMs: 3000 });
    expect(classifyCallError(500, '').retryable).toBe(true);
  });
});

describe('unreachableError', () => {
  it('is a retryable network error that names the origin to watch (never the path or query)', () => {
    const e = unreachableError('http://127.0.0.1:8787/v1/realtime/client_secrets?x=1', 'Could not reach it.');
    expect(e).toEqual({ reason: 'network', message: 'Could not reach it.', retryable: true, unreachableOrigin: 'http://127.0.0.1:8787' });
  });

  it('has no origin for a URL it cannot parse', () => {
    expect(unreachableError('not a url', 'x').unreachableOrigin).toBeUndefined();
  });
});

describe('429 insufficient_quota', () => {
  const quota = JSON.stringify({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } });
  it('is a billing problem: never retried, says where to add credit', () => {
    const e = classifyHttpError(429, quota, '5', 'minting a session key');
    expect(e).toMatchObject({ reason: 'no-credit', retryable: false });
    expect(e.message).toMatch(/no credit left.*platform\.openai\.com\/settings\/organization\/billing/);
    expect(classifyCallError(429, quota)).toMatchObject({ reason: 'no-credit', retryable: false });
  });
  it('rate_limit_exceeded keeps honouring retry-after', () => {
    const limited = JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } });
    expect(classifyHttpError(429, limited, '4')).toMatchObject({ reason: 'rate-limited', retryable: true, retryAfterMs: 4000 });
  });
});
