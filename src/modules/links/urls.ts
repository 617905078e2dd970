import crypto from 'node:crypto';
import { safeUrl } from '../../platform/safe-url.js';
import { invalid } from '../../platform/errors.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** What a short code may look like; anything else is answered 404 without a lookup. */
export const CODE_PATTERN = /^[A-Za-z0-9]{4,32}$/;
export const CODE_LENGTH = 8;

/** A random code from an alphabet without look-alikes (0/O, 1/l/I): 56^8 ≈ 9.7e13 codes. */
export function newCode(length = CODE_LENGTH): string {
  const bytes = crypto.randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 224) out += ALPHABET[b % 56]; // 224 = 4 * 56: no bias
  }
  return out.length === length ? out : newCode(length);
}

/** Only absolute http(s) targets without credentials; never a link back into the redirect itself. */
export function checkTarget(raw: string, baseUrl: string): string {
  const url = safeUrl(raw);
  if (!url || url.length > 2048) throw invalid('link.bad_target', 'The address must be an http:// or https:// URL (at most 2,048 characters).', 'url');
  const u = new URL(url);
  if (u.username || u.password) throw invalid('link.bad_target', 'The address may not carry a user name or password.', 'url');
  if (/[\s<>"]/.test(url)) throw invalid('link.bad_target', 'The address may not contain spaces or quotes.', 'url');
  const base = new URL(baseUrl);
  if (u.host === base.host && u.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/l/`)) throw invalid('link.loop', 'The address is already a short link.', 'url');
  return u.toString();
}

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export interface UtmContext {
  channel?: string | null;
  campaign?: string | null;
  postId?: string | null;
  variant?: string | null;
}

/** Used when a workspace has no template at all. */
export const DEFAULT_UTM: Record<string, string> = { utm_source: '{channel}', utm_medium: 'social', utm_campaign: '{campaign}', utm_content: '{variant}' };

/** Fills `{channel}`, `{campaign}`, `{post}`, `{variant}`; a parameter left empty is dropped; the target's own parameters win. */
export function applyUtm(target: string, params: Record<string, string>, ctx: UtmContext): string {
  const u = new URL(target);
  for (const [key, template] of Object.entries(params)) {
    if (u.searchParams.has(key)) continue;
    const value = template
      .replace(/\{channel\}/g, ctx.channel ?? '')
      .replace(/\{campaign\}/g, ctx.campaign ?? '')
      .replace(/\{post\}/g, ctx.postId ?? '')
      .replace(/\{variant\}/g, ctx.variant ?? '')
      .trim();
    if (value) u.searchParams.set(key, value);
  }
  return u.toString();
}

/** Adds a query parameter to a URL without disturbing its fragment. */
export function withParam(url: string, key: string, value: string): string {
  const hash = url.indexOf('#');
  const [head, frag] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ''];
  return `${head}${head.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}${frag}`;
}

export { findUrls } from '../../platform/text-urls.js';

export function shortUrlOf(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/l/${code}`;
}
