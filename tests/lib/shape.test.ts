import { describe, expect, it } from 'vitest';
import { fits, literal, num, obj, oneOf, opt, str } from '@/lib/realtime/shape';

describe('shape validators', () => {
  it('num takes finite numbers only', () => {
    expect(num.check(0)).toBeNull();
    expect(num.check(1.5)).toBeNull();
    for (const v of ['1', Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}]) expect(num.check(v), String(v)).toEqual({ path: '', want: 'a number' });
  });

  it('literal takes exactly its value', () => {
    const tokens = literal('tokens');
    expect(tokens.check('tokens')).toBeNull();
    expect(tokens.check('Tokens')).toEqual({ path: '', want: '"tokens"' });
  });

  it('oneOf takes a value fitting any variant and reports a misfit against the first', () => {
    const usage = oneOf(obj({ type: literal('tokens'), input_tokens: num }), obj({ type: literal('duration'), seconds: num }));
    expect(usage.check({ type: 'tokens', input_tokens: 3 })).toBeNull();
    expect(usage.check({ type: 'duration', seconds: 2 })).toBeNull();
    expect(usage.check({ type: 'duration', seconds: '2' })).toEqual({ path: '.type', want: '"tokens"' });
    expect(oneOf().check(1)).toEqual({ path: '', want: 'a known variant' });
  });

  it('fits narrows a value read from outside to the shape it was checked against', () => {
    const shape = obj({ name: str, count: opt(num) });
    const v: unknown = JSON.parse('{"name":"a","count":2,"extra":true}');
    expect(fits(shape, v)).toBe(true);
    if (fits(shape, v)) expect(v.name.length + (v.count ?? 0)).toBe(3);
    expect(fits(shape, { name: 1 })).toBe(false);
    expect(fits(shape, null)).toBe(false);
  });
});
