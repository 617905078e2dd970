import { describe, expect, it } from 'vitest';
import { CountryTable } from './country.js';

describe('country table', () => {
  it('finds the country of IPv4 addresses in the packaged table, and none for private or IPv6 ones', async () => {
    const t = await CountryTable.load();
    expect(t.size).toBeGreaterThan(100_000);
    // 1.0.1.0–1.0.3.255 is APNIC space assigned in China; 1.0.0.0/24 in Australia (first rows of the table).
    expect(t.lookup('1.0.2.7')).toBe('CN');
    expect(t.lookup('1.0.0.1')).toBe('AU');
    expect(t.lookup('::ffff:1.0.0.1')).toBe('AU');
    expect(t.lookup('10.1.2.3')).toBeNull();
    expect(t.lookup('127.0.0.1')).toBeNull();
    expect(t.lookup('2001:db8::1')).toBeNull();
    expect(t.lookup('not an ip')).toBeNull();
  });

  it('bisects ranges exactly at their edges', () => {
    const t = CountryTable.parse('16777216,16777471,AU\n16777472,16778239,CN\n3232235520,3232235775,KR\nbad line\n');
    expect(t.size).toBe(3);
    expect(t.lookup('1.0.0.0')).toBe('AU');
    expect(t.lookup('1.0.0.255')).toBe('AU');
    expect(t.lookup('1.0.1.0')).toBe('CN');
    expect(t.lookup('1.0.3.255')).toBe('CN');
    expect(t.lookup('1.0.4.0')).toBeNull();
    expect(t.lookup('192.168.0.200')).toBe('KR');
    expect(t.lookup('255.255.255.255')).toBeNull();
  });
});
