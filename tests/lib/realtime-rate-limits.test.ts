import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLY_TOKENS, MIN_RESET_SECONDS, NO_WARNINGS, nearlyUsedUp, rateLimitWarning, watchRateLimits as watchNotes,
} from '@/lib/realtime/rate-limits';
import { setLocale } from '@/lib/i18n';
import type { Note } from '@/lib/realtime/note';
import { noteText } from '@/lib/ui/note-text';

// The warning is a note (message key + parameters); read here as the English panel shows it.
setLocale('en');
const watchRateLimits = (...a: Parameters<typeof watchNotes>) => {
  const r = watchNotes(...a);
  return { ...r, warning: r.warning && noteText(r.warning as Note) };
};

const tokens = (remaining: number, limit = 40000, reset = 30) => ({ name: 'tokens', limit, remaining, reset_seconds: reset });
const requests = (remaining: number, limit = 100, reset = 30) => ({ name: 'requests', limit, remaining, reset_seconds: reset });

describe('nearlyUsedUp', () => {
  it('tokens: low when two more replies may not fit (measured reply cost)', () => {
    expect(nearlyUsedUp(tokens(9000), 5000)).toBe(true);
    expect(nearlyUsedUp(tokens(10000), 5000)).toBe(true);
    expect(nearlyUsedUp(tokens(10001), 5000)).toBe(false);
  });

  it('tokens without a measured reply: 15 % of the limit, at least the default reply cost', () => {
    // 40 000 × 15 % = 6 000 per reply → warn at ≤ 12 000.
    expect(nearlyUsedUp(tokens(12000))).toBe(true);
    expect(nearlyUsedUp(tokens(12001))).toBe(false);
    // A small tier: the default cost (4 000) dominates → warn at ≤ 8 000.
    expect(nearlyUsedUp(tokens(2 * DEFAULT_REPLY_TOKENS, 10000))).toBe(true);
    expect(nearlyUsedUp(tokens(2 * DEFAULT_REPLY_TOKENS + 1, 10000))).toBe(false);
  });

  it('requests: two turns left or 10 %', () => {
    expect(nearlyUsedUp(requests(2, 5))).toBe(true);
    expect(nearlyUsedUp(requests(3, 5))).toBe(false);
    expect(nearlyUsedUp(requests(10, 100))).toBe(true);
    expect(nearlyUsedUp(requests(11, 100))).toBe(false);
  });

  it('never for a window that refills before the next turn, or a zero limit', () => {
    expect(nearlyUsedUp(tokens(0, 40000, MIN_RESET_SECONDS - 0.1))).toBe(false);
    expect(nearlyUsedUp(tokens(0, 40000, MIN_RESET_SECONDS))).toBe(true);
    expect(nearlyUsedUp(tokens(0, 0))).toBe(false);
  });
});

describe('watchRateLimits', () => {
  it('the real capture (38 490 of 40 000 tokens) says nothing', () => {
    const r = watchRateLimits(NO_WARNINGS, [{ name: 'tokens', limit: 40000, remaining: 38490, reset_seconds: 2.265 }]);
    expect(r.warning).toBeNull();
    expect(r.watch.size).toBe(0);
  });

  it('warns once when a limit runs low, again only after it recovered', () => {
    let r = watchRateLimits(NO_WARNINGS, [tokens(3000, 40000, 38)]);
    expect(r.warning).toBe('Nearly at your OpenAI rate limit: 3,000 of 40,000 tokens left until it resets in 38 s. Replies may pause.');
    r = watchRateLimits(r.watch, [tokens(1000, 40000, 20)]);
    expect(r.warning).toBeNull();
    r = watchRateLimits(r.watch, [tokens(39000)]);
    expect(r.warning).toBeNull();
    r = watchRateLimits(r.watch, [tokens(500, 40000, 600)]);
    expect(r.warning).toMatch(/500 of 40,000 tokens left until it resets in 10 min/);
  });

  it('names requests when both run low', () => {
    const r = watchRateLimits(NO_WARNINGS, [requests(1, 50, 40), tokens(100)]);
    expect(r.warning).toMatch(/^Nearly at your OpenAI rate limit: 1 of 50 requests left/);
    expect([...r.watch].sort()).toEqual(['requests', 'tokens']);
  });

  it('ignores malformed input', () => {
    expect(watchRateLimits(NO_WARNINGS, null).warning).toBeNull();
    expect(watchRateLimits(NO_WARNINGS, [{ name: 'tokens', limit: '40000', remaining: 1 }, 7, null]).warning).toBeNull();
    expect(watchRateLimits(NO_WARNINGS, [{ name: 'tokens', limit: 100, remaining: -1, reset_seconds: 60 }]).warning).toBeNull();
  });

  it('renders in German with German number grouping', () => {
    setLocale('de');
    try {
      expect(noteText(rateLimitWarning({ name: 'tokens', limit: 40000, remaining: 3000, reset_seconds: 600 }))).toBe(
        'Dein OpenAI-Ratenlimit ist fast erreicht: noch 3.000 von 40.000 Tokens, bis es in 10 Min. zurückgesetzt wird. Antworten können sich verzögern.',
      );
    } finally {
      setLocale('en');
    }
  });

  it('bounds an unknown limit name', () => {
    expect(noteText(rateLimitWarning({ name: 'x'.repeat(500), limit: 10, remaining: 1, reset_seconds: 7200 }))).toMatch(/^Nearly at your OpenAI rate limit: 1 of 10 x{20} units left until it resets in 2 h\./);
  });
});
