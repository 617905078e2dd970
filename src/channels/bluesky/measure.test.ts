import { describe, expect, it } from 'vitest';
import { adapter } from './index.js';
import { measure } from './measure.js';

describe('Bluesky measure', () => {
  it('counts graphemes (a family emoji is one), limit 300', () => {
    expect(measure('👨‍👩‍👧 가나 e\u0301')).toEqual({ unit: 'graphemes', length: 6, limit: 300 });
    expect(adapter.measure!('a'.repeat(301)).length).toBe(301);
    expect(adapter.publishTargets).toEqual(['bluesky']);
  });
});
