import { describe, expect, it } from 'vitest';
import { adapter } from './index.js';
import { measure } from './measure.js';

describe('Meta measures', () => {
  it('publishes to Facebook (63,206) and Instagram (2,200), counting code points', () => {
    expect(adapter.publishTargets).toEqual(['facebook', 'instagram']);
    expect(adapter.measure!('가😀', 'instagram')).toEqual({ unit: 'characters', length: 2, limit: 2200, imageRequired: true });
    expect(adapter.measure!('가😀', 'facebook')).toEqual({ unit: 'characters', length: 2, limit: 63_206 });
    expect(measure('abc').limit).toBe(63_206);
    // Facebook takes a text-only post; Instagram declares that it does not.
    expect(adapter.measure!('가', 'facebook').imageRequired).toBeUndefined();
  });
});
