/** Check digits and date rules for Korean identity numbers and payment cards. */

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export type RrnKind = 'rrn' | 'foreigner_rn';

export interface RrnCheck {
  kind: RrnKind;
  /** The birth date exists (month/day valid for the century the 7th digit implies). */
  dateValid: boolean;
  /** The 13th digit matches the pre-October-2020 check-digit rule. */
  checkDigitValid: boolean;
}

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/** Validates a 13-digit 주민등록번호 / 외국인등록번호; null when the 7th digit is not a valid code. */
export function checkRrn(digits: string): RrnCheck | null {
  if (!/^\d{13}$/.test(digits)) return null;
  const code = digits.charCodeAt(6) - 48;
  let century: number;
  let kind: RrnKind = 'rrn';
  switch (code) {
    case 1:
    case 2:
      century = 1900;
      break;
    case 3:
    case 4:
      century = 2000;
      break;
    case 9:
    case 0:
      century = 1800;
      break;
    case 5:
    case 6:
      century = 1900;
      kind = 'foreigner_rn';
      break;
    case 7:
    case 8:
      century = 2000;
      kind = 'foreigner_rn';
      break;
    default:
      return null;
  }
  const year = century + Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const dateValid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const last = digits.charCodeAt(12) - 48;
  const expected = kind === 'rrn' ? (11 - (sum % 11)) % 10 : (13 - (sum % 11)) % 10;
  return { kind, dateValid, checkDigitValid: last === expected };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Card issuer prefixes seen in Korea: Visa, Mastercard, Amex, JCB, Diners, UnionPay, domestic 9xxx. */
export function plausibleCardPrefix(digits: string): boolean {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  return (
    digits[0] === '4' ||
    (two >= 51 && two <= 55) ||
    (four >= 2221 && four <= 2720) ||
    two === 34 ||
    two === 37 ||
    (four >= 3528 && four <= 3589) ||
    two === 36 ||
    two === 38 ||
    (four >= 3000 && four <= 3059) ||
    two === 62 ||
    two === 81 ||
    digits[0] === '9' ||
    digits[0] === '6'
  );
}
