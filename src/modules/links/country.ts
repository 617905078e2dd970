import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIPv4 } from 'node:net';

/**
 * Country of an IPv4 address from an offline table: `@ip-location-db/geo-whois-asn-country` (CC0; its
 * RIR statistics from the NRO under CC BY 4.0), ranges as numbers, searched by bisection. IPv6
 * addresses get no country (the IPv6 table is 17 MB of 128-bit numbers; not loaded).
 */
export class CountryTable {
  private constructor(
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    private readonly codes: Uint16Array,
  ) {}

  static parse(csv: string): CountryTable {
    const lines = csv.split('\n');
    const starts = new Uint32Array(lines.length);
    const ends = new Uint32Array(lines.length);
    const codes = new Uint16Array(lines.length);
    let n = 0;
    for (const line of lines) {
      const a = line.indexOf(',');
      const b = line.indexOf(',', a + 1);
      if (a < 0 || b < 0) continue;
      const cc = line.slice(b + 1, b + 3);
      if (!/^[A-Z]{2}$/.test(cc)) continue;
      starts[n] = Number(line.slice(0, a));
      ends[n] = Number(line.slice(a + 1, b));
      codes[n] = (cc.charCodeAt(0) << 8) | cc.charCodeAt(1);
      n++;
    }
    return new CountryTable(starts.subarray(0, n), ends.subarray(0, n), codes.subarray(0, n));
  }

  static async load(file = createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country/geo-whois-asn-country-ipv4-num.csv')): Promise<CountryTable> {
    return CountryTable.parse(await fs.readFile(file, 'utf8'));
  }

  get size(): number {
    return this.starts.length;
  }

  /** ISO 3166 alpha-2 code, or null (IPv6, private, unknown). */
  lookup(ip: string): string | null {
    const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    if (!isIPv4(v4)) return null;
    const p = v4.split('.');
    const n = ((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3]);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! > n) hi = mid - 1;
      else if (this.ends[mid]! < n) lo = mid + 1;
      else {
        const c = this.codes[mid]!;
        return String.fromCharCode(c >> 8, c & 0xff);
      }
    }
    return null;
  }
}
