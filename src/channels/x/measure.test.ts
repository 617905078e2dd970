import { describe, expect, it } from 'vitest';
import { adapter } from './index.js';
import { measure } from './measure.js';

describe('X measure', () => {
  it('weighs Hangul 2, Latin 1 and every URL 23, limit 280, through the adapter too', () => {
    expect(measure('hello')).toEqual({ unit: 'x-weighted', length: 5, limit: 280 });
    expect(measure('안녕 hi').length).toBe(2 * 2 + 1 + 2);
    expect(measure(`보기 https://bank.example/${'x'.repeat(100)}`).length).toBe(4 + 1 + 23);
    expect(adapter.publishTargets).toEqual(['x']);
    expect(adapter.measure!('가'.repeat(140))).toEqual({ unit: 'x-weighted', length: 280, limit: 280 });
  });
});
