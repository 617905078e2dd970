import type { Keyring } from '../secrets/index.js';

/** The personal fields a customer record may hold: kept encrypted, shown masked without `customers.pii`. */
export const PERSONAL_FIELDS = ['name', 'email', 'phone'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** The envelope of a personal field is bound to its workspace, customer and field: moved elsewhere, it fails. */
export const personalAad = (workspaceId: string, externalId: string, field: PersonalField) => `${workspaceId}/customer/${externalId}/${field}`;

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? `***-****-${digits.slice(-4)}` : '***';
}

export const MASKERS: Record<PersonalField, (v: string) => string> = { name: maskName, email: maskEmail, phone: maskPhone };

export interface SealedField {
  enc: string;
  masked: string;
}

export function seal(keyring: Keyring, workspaceId: string, externalId: string, field: PersonalField, value: string): SealedField {
  return { enc: keyring.encrypt(value, personalAad(workspaceId, externalId, field)), masked: MASKERS[field](value) };
}

export function unseal(keyring: Keyring, workspaceId: string, externalId: string, field: PersonalField, enc: string | null): string | null {
  return enc === null ? null : keyring.decrypt(enc, personalAad(workspaceId, externalId, field));
}
