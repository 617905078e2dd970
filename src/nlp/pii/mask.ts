/** Masking: keeps enough of each finding to be recognisable to staff, hides the rest. */
import { detectPii, type PiiFinding, type PiiOptions } from './detect.js';

/** Replaces digits (or letters) at positions not kept by `keep` with '*', leaving separators as written. */
function maskChars(value: string, keep: (index: number, total: number) => boolean, isSecret: (ch: string) => boolean): string {
  const total = [...value].filter(isSecret).length;
  let i = 0;
  let out = '';
  for (const ch of value) {
    if (!isSecret(ch)) {
      out += ch;
      continue;
    }
    out += keep(i, total) ? ch : '*';
    i++;
  }
  return out;
}

const DIGIT = (ch: string): boolean => ch >= '0' && ch <= '9';
const ALNUM = (ch: string): boolean => /[0-9A-Za-z]/.test(ch);

/** The masked form of one finding's text. */
export function maskValue(type: PiiFinding['type'], value: string): string {
  switch (type) {
    case 'rrn':
    case 'foreigner_rn':
      return maskChars(value, (i) => i < 7, DIGIT); // 901010-1******
    case 'card':
      return maskChars(value, (i, n) => i < 4 || i >= n - 4, DIGIT); // 1234-****-****-5678
    case 'account':
      return maskChars(value, (i, n) => i < 3 || i >= n - 3, DIGIT);
    case 'phone':
      return maskChars(value, (i, n) => i < n - 4 - (n >= 11 ? 4 : 3) || i >= n - 4, DIGIT); // 010-****-5678
    case 'email': {
      const at = value.indexOf('@');
      const local = value.slice(0, at);
      return local.slice(0, 1) + '*'.repeat(Math.max(1, local.length - 1)) + value.slice(at);
    }
    case 'passport':
      return maskChars(value, (i) => i < 1, ALNUM); // M********
  }
}

/** The text with every finding masked in place (same length and offsets). */
export function maskFindings(text: string, findings: readonly PiiFinding[]): string {
  let out = '';
  let pos = 0;
  for (const f of findings) {
    out += text.slice(pos, f.start) + maskValue(f.type, text.slice(f.start, f.end));
    pos = f.end;
  }
  return out + text.slice(pos);
}

/** Detects and masks personal data in one call. */
export function mask(text: string, options?: PiiOptions): string {
  return maskFindings(text, detectPii(text, { ...options, includeValues: false }));
}
