import { describe, expect, it } from 'vitest';
import { displayWidth, followersBounds, QueryError, renderQueryError } from './query-ast.js';

describe('displayWidth', () => {
  it('counts Hangul, CJK and full-width forms as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('국민은행')).toBe(8);
    expect(displayWidth('ㅋㅋ')).toBe(4);
    expect(displayWidth('銀行')).toBe(4);
    expect(displayWidth('ＫＢ')).toBe(4);
    expect(displayWidth('😡')).toBe(2);
  });

  it('counts combining marks and variation selectors as zero', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('❤\ufe0f')).toBe(1);
  });
});

describe('followersBounds', () => {
  it('turns each comparison into inclusive integer bounds', () => {
    expect(followersBounds({ type: 'followers', cmp: '>', value: 1000 })).toEqual({ min: 1001, max: null });
    expect(followersBounds({ type: 'followers', cmp: '>=', value: 1000 })).toEqual({ min: 1000, max: null });
    expect(followersBounds({ type: 'followers', cmp: '<', value: 1000 })).toEqual({ min: null, max: 999 });
    expect(followersBounds({ type: 'followers', cmp: '<=', value: 1000 })).toEqual({ min: null, max: 1000 });
    expect(followersBounds({ type: 'followers', cmp: '=', value: 7 })).toEqual({ min: 7, max: 7 });
    expect(followersBounds({ type: 'followers', cmp: '..', value: 10, to: 20 })).toEqual({ min: 10, max: 20 });
  });

  it('rounds fractional hand-built values inwards', () => {
    expect(followersBounds({ type: 'followers', cmp: '>', value: 2.5 })).toEqual({ min: 3, max: null });
    expect(followersBounds({ type: 'followers', cmp: '<', value: 2.5 })).toEqual({ min: null, max: 2 });
    expect(followersBounds({ type: 'followers', cmp: '..', value: 1.5, to: 3.5 })).toEqual({ min: 2, max: 3 });
  });
});

describe('QueryError and renderQueryError', () => {
  it('is an Error carrying code, position and length', () => {
    const err = new QueryError('UNKNOWN_FIELD', 'unknown field', 3, 4);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('QueryError');
    expect([err.code, err.position, err.length, err.message]).toEqual(['UNKNOWN_FIELD', 3, 4, 'unknown field']);
  });

  it('clamps positions beyond the query so the caret lands at its end', () => {
    expect(renderQueryError('카드', { position: 10, length: 3, message: 'here' }, 0)).toBe('카드\n    ^ here');
    expect(renderQueryError('abc', { position: -2, length: 1, message: 'm' }, 1)).toBe(' abc\n ^ m');
  });

  it('measures the underline in columns, not characters', () => {
    expect(renderQueryError('a 국민은행 b', { position: 2, length: 4, message: 'm' }, 0)).toBe(`a 국민은행 b\n  ^${'~'.repeat(7)} m`);
  });
});
