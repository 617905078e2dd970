import { describe, expect, it } from 'vitest';
import { adapter } from './index.js';

describe('blog measure', () => {
  it('counts characters and sets no limit', () => {
    expect(adapter.publishTargets).toEqual(['blog']);
    expect(adapter.measure!('글 😀'.repeat(1000))).toEqual({ unit: 'characters', length: 3000, limit: null });
  });
});
