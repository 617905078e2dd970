import { describe, expect, it } from 'vitest';
import { detectPii, type PiiFinding } from './detect.js';
import { mask, maskValue } from './mask.js';
import { checkRrn, luhnValid } from './validators.js';

const types = (text: string): string[] => detectPii(text).map((f) => f.type);
const only = (text: string): PiiFinding => {
  const found = detectPii(text);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('validators', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('5555555555554444')).toBe(true);
  });
  it('RRN date, century code and check digit', () => {
    expect(checkRrn('9010101123451')).toEqual({ kind: 'rrn', dateValid: true, checkDigitValid: true });
    expect(checkRrn('9010101123452')?.checkDigitValid).toBe(false);
    expect(checkRrn('9513321123451')?.dateValid).toBe(false);
    expect(checkRrn('0002293123450')?.dateValid).toBe(true); // 2000 is a leap year
    expect(checkRrn('0102293123450')?.dateValid).toBe(false);
    expect(checkRrn('9512255123453')?.kind).toBe('foreigner_rn');
    expect(checkRrn('9512253123453')).not.toBeNull();
  });
});

describe('detectPii: identity numbers', () => {
  it('finds a valid RRN with high confidence and exact span', () => {
    const text = '제 주민번호는 901010-1123451 입니다';
    const f = only(text);
    expect(f.type).toBe('rrn');
    expect(text.slice(f.start, f.end)).toBe('901010-1123451');
    expect(f.value).toBe('901010-1123451');
    expect(f.confidence).toBeGreaterThan(0.95);
  });
  it('finds a foreigner registration number', () => {
    expect(only('외국인등록번호 951225-5123453').type).toBe('foreigner_rn');
  });
  it('keeps post-2020 numbers without a check digit, with lower confidence', () => {
    const f = only('아이 번호 210315-4123450');
    expect(f.type).toBe('rrn');
    expect(f.confidence).toBeLessThan(0.98);
    expect(f.confidence).toBeGreaterThanOrEqual(0.8);
  });
  it('an old-style number with a bad check digit scores lower than a valid one', () => {
    const bad = only('901010-1123452');
    const good = only('901010-1123451');
    expect(bad.confidence).toBeLessThan(good.confidence);
  });
  it('rejects impossible dates and bad century codes', () => {
    expect(types('951332-1123451')).toEqual([]);
    expect(types('950231-1123451')).toEqual([]);
    expect(types('901010-0123451')).not.toContain('foreigner_rn');
  });
});

describe('detectPii: cards', () => {
  it('finds cards with spaces, dashes or none', () => {
    for (const card of ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '3782-822463-10005']) {
      const f = only(`카드번호 ${card} 확인 부탁`);
      expect(f.type).toBe('card');
      expect(f.value).toBe(card);
    }
  });
  it('rejects a 16-digit number failing Luhn', () => {
    expect(types('카드 4111 1111 1111 1112')).toEqual([]);
    expect(types('1234-5678-9012-3456')).toEqual([]);
  });
  it('rejects inconsistent grouping and repeated digits', () => {
    expect(types('41111-11111-111111')).not.toContain('card');
    expect(types('0000000000000000')).toEqual([]);
  });
});

describe('detectPii: accounts, phones, e-mail, passports', () => {
  it('finds common bank account shapes', () => {
    for (const acct of ['123456-78-901234', '110-123-456789', '1002-123-456789', '3333-01-1234567', '352-1234-5678-93']) {
      const f = only(`국민은행 계좌 ${acct} 로 입금했어요`);
      expect(f.type).toBe('account');
      expect(f.confidence).toBeGreaterThan(0.9);
    }
  });
  it('finds an undashed account number only with account context', () => {
    expect(types('계좌번호 110123456789 입니다')).toEqual(['account']);
    expect(types('주문번호 110123456789 입니다')).toEqual([]);
  });
  it('finds phone numbers', () => {
    for (const phone of ['010-1234-5678', '01012345678', '+82 10-1234-5678', '+821012345678', '02-123-4567', '031-987-6543', '070-1234-5678']) {
      const f = only(`연락처 ${phone} 로 주세요`);
      expect(f.type).toBe('phone');
      expect(f.value).toBe(phone);
    }
  });
  it('finds e-mail addresses', () => {
    const f = only('메일 hong.gildong+bank@example.co.kr 로 회신');
    expect(f.type).toBe('email');
    expect(f.value).toBe('hong.gildong+bank@example.co.kr');
  });
  it('finds old and new passport numbers', () => {
    expect(only('여권번호 M12345678').type).toBe('passport');
    expect(only('passport M123A4567').type).toBe('passport');
    expect(types('모델명 XM123456789')).toEqual([]);
  });
});

describe('near misses that must not match', () => {
  it.each(['2024-11-23 에 결제했습니다', '2024.11.23 14:30 거래', '주문번호 20241123-0001234', '금액 1,234,567원 이체', '송장번호 123456789012', '대기번호 12번, 2023년 3분기', 'order #1234567890123456', 'version 1.2.3-45 build 20241123'])(
    '%s',
    (text) => {
      expect(detectPii(text)).toEqual([]);
    },
  );
});

describe('masking', () => {
  it('masks each type in place', () => {
    expect(maskValue('rrn', '901010-1123451')).toBe('901010-1******');
    expect(maskValue('card', '1234-5678-9012-5678')).toBe('1234-****-****-5678');
    expect(maskValue('phone', '010-1234-5678')).toBe('010-****-5678');
    expect(maskValue('email', 'hong@example.com')).toBe('h***@example.com');
    expect(maskValue('passport', 'M12345678')).toBe('M********');
    expect(maskValue('account', '110-123-456789')).toBe('110-***-***789');
  });
  it('mask() keeps the rest of the text and its length', () => {
    const text = '주민 901010-1123451, 카드 4111-1111-1111-1111, 폰 010-1234-5678, 메일 a.b@c.com';
    const masked = mask(text);
    expect(masked).toBe('주민 901010-1******, 카드 4111-****-****-1111, 폰 010-****-5678, 메일 a**@c.com');
    expect(masked.length).toBe(text.length);
  });
  it('leaves text without personal data unchanged', () => {
    expect(mask('앱이 또 먹통이네요 2024-11-23')).toBe('앱이 또 먹통이네요 2024-11-23');
  });
});
