import { describe, expect, it } from 'vitest';
import { addUsage, emptyUsage, overCap, ratesFor, responseCost, transcriptionCost } from '@/lib/cost';
import { event, responseCreated, responseDone, transcriptionCompleted } from '../fixtures/realtime-events';

/** The usage of a real `response.done` (protocol doc §5.5). */
const CAPTURED = {
  total_tokens: 320,
  input_tokens: 132,
  output_tokens: 188,
  input_token_details: {
    text_tokens: 59,
    audio_tokens: 73,
    image_tokens: 0,
    cached_tokens: 64,
    cached_tokens_details: { text_tokens: 0, audio_tokens: 64, image_tokens: 0 },
  },
  output_token_details: { text_tokens: 41, audio_tokens: 147 },
};
const done = (usage: unknown, status = 'completed') => event(responseDone('r', status, [], { usage }));

describe('cost estimate', () => {
  it('prices a captured response.done for gpt-realtime, cached audio at the cached rate', () => {
    // text in 59×4 + fresh audio in (73−64)×32 + cached audio 64×0.4 + text out 41×16 + audio out 147×64, per 1M
    const expected = (59 * 4 + 9 * 32 + 64 * 0.4 + 41 * 16 + 147 * 64) / 1e6;
    expect(responseCost(CAPTURED, ratesFor('gpt-realtime')!)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.0106136, 7); // about one cent
  });

  it('prices each model by its exact family, mini and full apart, dated snapshots included', () => {
    expect(ratesFor('gpt-realtime')!.audioOut).toBe(64);
    expect(ratesFor('gpt-realtime-2025-08-28')!.audioOut).toBe(64);
    expect(ratesFor('gpt-realtime-mini')!.audioOut).toBe(20);
    expect(ratesFor('gpt-realtime-mini-2025-10-06')!.audioOut).toBe(20);
    expect(ratesFor('gpt-realtime-mini-2025-12-15')!.textIn).toBe(0.6);
    expect(ratesFor('gpt-realtime-2')!.textOut).toBe(24);
    expect(ratesFor('gpt-4o-realtime-preview')!.audioIn).toBe(40);
    expect(ratesFor('gpt-4o-realtime-preview-2024-12-17')!.audioOut).toBe(80);
    expect(ratesFor('gpt-4o-mini-realtime-preview')!.audioIn).toBe(10);
    expect(ratesFor('gpt-4o-mini-realtime-preview-2024-12-17')!.textCached).toBe(0.3);
  });

  it('gives no estimate for names it cannot price exactly (Azure deployments, unknown variants)', () => {
    for (const name of ['my-azure-deployment', 'some-mini-deployment', 'gpt-realtime-2.1-mini', 'gpt-realtime-mini-preview', 'gpt-realtime-']) {
      expect(ratesFor(name), name).toBeNull();
    }
  });

  it('counts tokens but marks the total unpriced when the model has no prices', () => {
    const u = addUsage(emptyUsage(), done(CAPTURED), 'my-azure-deployment');
    expect(u).toEqual({ inputTokens: 132, outputTokens: 188, usd: 0, unpriced: true });
  });

  it('accumulates usage over responses and ignores events without usage', () => {
    let u = emptyUsage();
    u = addUsage(u, done(CAPTURED), 'gpt-realtime');
    u = addUsage(u, done(CAPTURED), 'gpt-realtime');
    const same = addUsage(u, event(responseCreated('r')), 'gpt-realtime');
    expect(same).toBe(u);
    expect(addUsage(u, done(null), 'gpt-realtime')).toBe(u);
    expect(u.inputTokens).toBe(264);
    expect(u.outputTokens).toBe(376);
    expect(u.usd).toBeCloseTo(2 * responseCost(CAPTURED, ratesFor('gpt-realtime')!), 12);
  });

  it('a cancelled barge-in response with zero usage costs nothing', () => {
    const zero = { total_tokens: 0, input_tokens: 0, output_tokens: 0, input_token_details: {}, output_token_details: {} };
    expect(addUsage(emptyUsage(), done(zero, 'cancelled'), 'gpt-realtime').usd).toBe(0);
  });

  it('prices input transcription by tokens or by duration', () => {
    expect(transcriptionCost({ type: 'tokens', input_tokens: 100, output_tokens: 10, input_token_details: { audio_tokens: 100 } })).toBeCloseTo(
      (100 * 3 + 10 * 5) / 1e6,
      12,
    );
    expect(transcriptionCost({ type: 'duration', seconds: 120 })).toBeCloseTo(0.006, 12);
    const e = event({ ...transcriptionCompleted('u', 'x'), usage: { type: 'duration', seconds: 60 } });
    expect(addUsage(emptyUsage(), e, 'gpt-realtime').usd).toBeCloseTo(0.003, 12);
  });

  it('leaves the total as it was for usage whose counts are not numbers (a broken or hostile server)', () => {
    const before = addUsage(emptyUsage(), done(CAPTURED), 'gpt-realtime');
    for (const usage of [
      { ...CAPTURED, input_tokens: '132' },
      { ...CAPTURED, output_token_details: { text_tokens: 41, audio_tokens: { n: 147 } } },
      { ...CAPTURED, input_token_details: [] },
      [CAPTURED],
    ]) {
      expect(addUsage(before, done(usage), 'gpt-realtime'), JSON.stringify(usage)).toBe(before);
    }
    for (const usage of [{ type: 'duration', seconds: '60' }, { type: 'tokens', input_tokens: 5 }, { type: 'minutes', seconds: 60 }]) {
      const e = event({ ...transcriptionCompleted('u', 'x'), usage });
      expect(addUsage(before, e, 'gpt-realtime'), JSON.stringify(usage)).toBe(before);
    }
  });

  it('a usage without breakdown is priced conservatively', () => {
    expect(responseCost({ input_tokens: 1000, output_tokens: 1000 }, ratesFor('gpt-realtime')!)).toBeCloseTo((1000 * 4 + 1000 * 64) / 1e6, 12);
  });

  it('the cap: 0 means none; reached at or above it', () => {
    const u = { inputTokens: 0, outputTokens: 0, usd: 0.5 };
    expect(overCap(u, 0)).toBe(false);
    expect(overCap(u, 1)).toBe(false);
    expect(overCap(u, 0.5)).toBe(true);
  });
});
