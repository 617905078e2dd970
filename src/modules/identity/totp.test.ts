import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp, newRecoveryCodes, hashRecoveryCode } from './totp.js';

// RFC 6238 Appendix B: the seeds are ASCII "12345678901234567890" repeated to the hash's key size.
const SHA1 = Buffer.from('12345678901234567890');
const SHA256 = Buffer.from('12345678901234567890123456789012');
const SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches every test vector of Appendix B', () => {
    for (const [t, s1, s256, s512] of VECTORS) {
      expect(totp(SHA1, t * 1000, 8, 'sha1')).toBe(s1);
      expect(totp(SHA256, t * 1000, 8, 'sha256')).toBe(s256);
      expect(totp(SHA512, t * 1000, 8, 'sha512')).toBe(s512);
    }
  });
  it('matches RFC 4226 Appendix D (HOTP)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, i) => expect(hotp(SHA1, i)).toBe(code));
  });
  it('accepts ±1 step, refuses further and refuses a code used before', () => {
    const now = 1_700_000_000_000;
    const code = totp(SHA1, now);
    const step = verifyTotp(SHA1, code, now, null);
    expect(step).not.toBeNull();
    expect(verifyTotp(SHA1, code, now + 30_000, null)).toBe(step);
    expect(verifyTotp(SHA1, code, now + 90_000, null)).toBeNull();
    expect(verifyTotp(SHA1, code, now, step)).toBeNull();
    expect(verifyTotp(SHA1, '12345', now, null)).toBeNull();
    expect(verifyTotp(SHA1, '12345a', now, null)).toBeNull();
  });
  it('round-trips base32 (RFC 4648 vectors) and builds an otpauth URI', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(SHA1))).toEqual(SHA1);
    const uri = otpauthUri(SHA1, 'kim@bank.test');
    expect(uri).toBe('otpauth://totp/Sotong:kim%40bank.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Sotong&algorithm=SHA1&digits=6&period=30');
  });
  it('makes ten distinct recovery codes, hashed without case or dashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(codes[0]!));
  });
});
