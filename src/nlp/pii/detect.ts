/** Personal-data detection: Korean identity numbers, cards, bank accounts, phones, e-mail, passports. */
import { checkRrn, luhnValid, plausibleCardPrefix } from './validators.js';

export type PiiType = 'rrn' | 'foreigner_rn' | 'card' | 'account' | 'phone' | 'email' | 'passport';

export interface PiiFinding {
  type: PiiType;
  /** UTF-16 offsets: text.slice(start, end) is the finding. */
  start: number;
  end: number;
  value?: string;
  /** 0..1: how sure the detector is (validated check digits score high, bare shapes lower). */
  confidence: number;
}

export interface PiiOptions {
  /** Include the matched text as `value` (default true). */
  includeValues?: boolean;
  /** Drop findings below this confidence (default 0.5). */
  minConfidence?: number;
}

type Candidate = Omit<PiiFinding, 'value'>;

const RRN = /(?<![\d-])(\d{6})(?:\s?[-–]\s?)?(\d{7})(?![\d-])/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
const PHONE = /(?<![\d+])(?:(?:\+|00)82[-.\s]?(?:\(0\))?|0)(1[016789]|2|[3-6][1-5]|70|50\d)[-.\s)]{0,2}(\d{3,4})[-.\s]?(\d{4})(?![\d])/g;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z])/g;
const PASSPORT = /(?<![A-Za-z0-9])([MSRODG])(\d{8}|\d{3}[A-Z]\d{4})(?![A-Za-z0-9])/g;
const ACCOUNT_DASHED = /(?<![\d-])\d{2,6}(?:-\d{2,7}){1,3}(?![\d-])/g;
const ACCOUNT_PLAIN = /(?<![\d-])\d{10,14}(?![\d-])/g;

/** Group shapes of Korean bank account numbers (국민 6-2-6, 신한 3-3-6, 우리 4-3-6, 하나 3-6-5, …). */
const ACCOUNT_SHAPES = new Set(['6-2-6', '3-2-6', '3-3-6', '4-3-6', '3-6-5', '3-4-4-2', '3-6-2-3', '4-2-7', '4-4-4', '3-2-2-6', '4-4-4-2', '4-4-4-1', '3-2-4-1', '6-2-7', '3-6-4', '3-3-7', '3-4-6', '4-2-6']);
const ACCOUNT_CONTEXT = /(계좌|통장|입금|송금|이체|은행|뱅크|account|acct|iban|국민|신한|우리|하나|농협|기업|카카오|토스|우체국|새마을|수협|신협|부산|대구|광주|경남|제주|전북|sc)/i;
const PASSPORT_CONTEXT = /(여권|passport|pp\s?no)/i;
const RRN_CONTEXT = /(주민|등록번호|외국인|rrn|resident|생년)/i;
const CARD_CONTEXT = /(카드|card|결제|승인)/i;

function before(text: string, start: number, n = 24): string {
  return text.slice(Math.max(0, start - n), start);
}

function detectRrn(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(RRN)) {
    const digits = m[1]! + m[2]!;
    const check = checkRrn(digits);
    if (!check || !check.dateValid) continue;
    const dashed = m[0].length > 13;
    const context = RRN_CONTEXT.test(before(text, m.index));
    const yy = Number(digits.slice(0, 2));
    const recent = '3478'.includes(digits[6]!) && yy >= 20;
    let confidence: number;
    if (check.checkDigitValid) confidence = dashed ? 0.98 : 0.9;
    else if (recent)
      confidence = dashed ? 0.85 : 0.6; // issued after Oct 2020: no check digit
    else confidence = dashed ? 0.6 : 0.4;
    if (context) confidence = Math.min(0.99, confidence + 0.15);
    out.push({ type: check.kind, start: m.index, end: m.index + m[0].length, confidence });
  }
}

function cardGrouping(raw: string): boolean {
  const groups = raw.split(/[ -]/);
  if (groups.length === 1) return true;
  if (/ /.test(raw) && /-/.test(raw)) return false;
  const shape = groups.map((g) => g.length).join('-');
  if (shape === '4-6-5' || shape === '4-6-4') return true;
  return groups.slice(0, -1).every((g) => g.length === 4) && groups[groups.length - 1]!.length <= 4 && groups.length >= 4;
}

function detectCards(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(CARD)) {
    const raw = m[0];
    const digits = raw.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !cardGrouping(raw) || !luhnValid(digits)) continue;
    if (/^(\d)\1+$/.test(digits)) continue;
    const grouped = raw.length > digits.length;
    const prefix = plausibleCardPrefix(digits);
    let confidence = prefix ? (grouped ? 0.97 : 0.85) : grouped ? 0.7 : 0.5;
    if (CARD_CONTEXT.test(before(text, m.index))) confidence = Math.min(0.99, confidence + 0.1);
    out.push({ type: 'card', start: m.index, end: m.index + raw.length, confidence });
  }
}

function detectPhones(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(PHONE)) {
    const area = m[1]!;
    const mobile = area.startsWith('1');
    const raw = m[0];
    const separated = /[-.\s)]/.test(raw.replace(/^\+82/, ''));
    if (area.length === 3 && area.startsWith('50') && !separated) continue;
    const confidence = mobile ? (separated ? 0.95 : 0.85) : separated ? 0.85 : 0.6;
    out.push({ type: 'phone', start: m.index, end: m.index + raw.length, confidence });
  }
}

function detectEmails(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(EMAIL)) {
    out.push({ type: 'email', start: m.index, end: m.index + m[0].length, confidence: 0.99 });
  }
}

function detectPassports(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(PASSPORT)) {
    const newFormat = /[A-Z]/.test(m[2]!);
    const context = PASSPORT_CONTEXT.test(before(text, m.index, 30));
    const confidence = context ? 0.95 : newFormat ? 0.7 : 0.55;
    out.push({ type: 'passport', start: m.index, end: m.index + m[0].length, confidence });
  }
}

function detectAccounts(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(ACCOUNT_DASHED)) {
    const shape = m[0]
      .split('-')
      .map((g) => g.length)
      .join('-');
    if (!ACCOUNT_SHAPES.has(shape)) continue;
    const context = ACCOUNT_CONTEXT.test(before(text, m.index, 30));
    out.push({ type: 'account', start: m.index, end: m.index + m[0].length, confidence: context ? 0.92 : 0.7 });
  }
  for (const m of text.matchAll(ACCOUNT_PLAIN)) {
    if (!/(계좌|통장|account|acct)/i.test(before(text, m.index, 30))) continue;
    out.push({ type: 'account', start: m.index, end: m.index + m[0].length, confidence: 0.7 });
  }
}

/** All findings, non-overlapping (the more confident wins), in text order. */
export function detectPii(text: string, options: PiiOptions = {}): PiiFinding[] {
  const min = options.minConfidence ?? 0.5;
  const includeValues = options.includeValues ?? true;
  const candidates: Candidate[] = [];
  if (/\d/.test(text)) {
    detectRrn(text, candidates);
    detectCards(text, candidates);
    detectPhones(text, candidates);
    detectAccounts(text, candidates);
    detectPassports(text, candidates);
  }
  if (text.includes('@')) detectEmails(text, candidates);
  candidates.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start));
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (c.confidence < min) continue;
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((c) => (includeValues ? { ...c, value: text.slice(c.start, c.end) } : { ...c }));
}
