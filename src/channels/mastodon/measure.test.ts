import { describe, expect, it } from 'vitest';
import { adapter } from './index.js';
import { measure } from './measure.js';

describe('Mastodon measure', () => {
  it('counts characters, URLs as 23 and remote mentions by their local part, limit 500', () => {
    expect(measure('안녕하세요')).toEqual({ unit: 'characters', length: 5, limit: 500 });
    expect(measure(`a https://bank.example/${'x'.repeat(80)}`).length).toBe(2 + 23);
    expect(measure('hi @sotong@social.bank.example').length).toBe('hi @sotong'.length);
    expect(measure('x', 1000).limit).toBe(1000);
    expect(adapter.measure!('a'.repeat(501))).toMatchObject({ length: 501, limit: 500 });
  });
});
