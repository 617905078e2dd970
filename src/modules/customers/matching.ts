/**
 * What a message can say about who wrote it: customer numbers, e-mail addresses and phone numbers a
 * person wrote in a private message, normalised the same way as the customers' blind index.
 */
import crypto from 'node:crypto';

export const MATCH_KINDS = ['dm_external_id', 'dm_email', 'dm_phone', 'same_name'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

/**
 * How much each piece of evidence says on its own (combined as 1 − Π(1 − w)). Set by hand: a customer
 * number written in a private message is strong, a phone number a little less (numbers are shared in
 * families), the same full name as exactly one customer is weak.
 */
export const MATCH_WEIGHTS: Record<MatchKind, number> = { dm_external_id: 0.8, dm_email: 0.7, dm_phone: 0.6, same_name: 0.3 };

export const combine = (kinds: MatchKind[]) => Math.round((1 - kinds.reduce((p, k) => p * (1 - MATCH_WEIGHTS[k]), 1)) * 100) / 100;

export const normEmail = (s: string) => s.trim().toLowerCase();
/** Digits only; a Korean country code becomes the leading 0 (+82 10-1234-5678 → 01012345678). */
export function normPhone(s: string): string {
  let d = s.replace(/\D/g, '');
  if (d.startsWith('82') && d.length >= 11) d = `0${d.slice(2)}`;
  return d;
}
export const normName = (s: string) => s.normalize('NFC').replace(/\s+/g, '').toLowerCase();

export type IndexedKind = 'email' | 'phone' | 'name';
const NORM: Record<IndexedKind, (s: string) => string> = { email: normEmail, phone: normPhone, name: normName };

/** The blind-index hash of a value: HMAC-SHA256 under the workspace's match key, by kind. */
export function blindHash(key: string, kind: IndexedKind, value: string): string | null {
  const v = NORM[kind](value);
  if (!v || (kind === 'phone' && v.length < 9) || (kind === 'name' && [...v].length < 2)) return null;
  return crypto.createHmac('sha256', key).update(`${kind}:${v}`).digest('base64url');
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}/g;
const PHONE = /(?:\+?82[-\s.]?)?0?1[016789][-\s.]?\d{3,4}[-\s.]?\d{4}|0\d{1,2}[-\s.]\d{3,4}[-\s.]\d{4}/g;
const TOKEN = /[A-Za-z0-9][A-Za-z0-9_-]{3,39}/g;

/** The values a message offers, at most 20 of each kind (longer texts are cut at 5,000 characters). */
export function extractClaims(text: string): { emails: string[]; phones: string[]; tokens: string[] } {
  const t = text.slice(0, 5000);
  const uniq = (xs: string[]) => [...new Set(xs)].slice(0, 20);
  const emails = uniq((t.match(EMAIL) ?? []).map(normEmail));
  const phones = uniq((t.match(PHONE) ?? []).map(normPhone).filter((p) => p.length >= 9));
  // Customer numbers: tokens with a digit (HB-20190412, 1002345678), not a part of an e-mail address.
  const noEmails = t.replace(EMAIL, ' ');
  const tokens = uniq((noEmails.match(TOKEN) ?? []).filter((x) => /\d/.test(x)));
  return { emails, phones, tokens };
}
