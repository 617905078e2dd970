import { describe, expect, it } from 'vitest';
import { replyLength } from './length.js';
import type { Measurement } from './port.js';

const twice = (text: string): Measurement => ({ unit: 'graphemes', length: [...text].length * 2, limit: null });

describe('replyLength', () => {
  it('counts code points for chars and UTF-8 bytes for bytes', () => {
    expect(replyLength('가a👍', { lengthUnit: 'chars' }, () => undefined)).toBe(3);
    expect(replyLength('가a👍', { lengthUnit: 'bytes' }, () => undefined)).toBe(3 + 1 + 4);
  });

  it("uses the named target's counter, and only that one", () => {
    const asked: string[] = [];
    const measureFor = (t: string) => (asked.push(t), t === 'mine' ? twice : undefined);
    expect(replyLength('abc', { lengthUnit: 'chars', measureTarget: 'mine' }, measureFor)).toBe(6);
    expect(replyLength('abc', { lengthUnit: 'chars' }, measureFor)).toBe(3);
    expect(asked).toEqual(['mine']);
  });

  it('falls back to the unit when no adapter serves the target', () => {
    expect(replyLength('가나', { lengthUnit: 'bytes', measureTarget: 'gone' }, () => undefined)).toBe(6);
  });
});
