/**
 * The Sotong webhook signature, used both ways (inbound events and outbound replies):
 *
 *   x-sotong-timestamp: <unix seconds>
 *   x-sotong-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body bytes)>
 *
 * Several signatures may be sent comma-separated (secret rotation); one match is enough. A timestamp
 * further than the tolerance (default 300 s) from now, in either direction, is refused (replay protection).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-sotong-signature';
export const TIMESTAMP_HEADER = 'x-sotong-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/** Headers for a signed request sent now. */
export function signedHeaders(secret: string, rawBody: Buffer | string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature(secret, timestamp, rawBody) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function checkSignature(headers: Record<string, string | undefined>, rawBody: Buffer, secrets: string[], now: Date, toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS): SignatureCheck {
  const timestamp = headers[TIMESTAMP_HEADER]?.trim();
  const header = headers[SIGNATURE_HEADER];
  if (!timestamp) return { ok: false, reason: `missing ${TIMESTAMP_HEADER} header` };
  if (!header) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > toleranceSeconds) return { ok: false, reason: `${TIMESTAMP_HEADER} is ${Math.round(skew)} s away from now (tolerance ${toleranceSeconds} s)` };
  if (secrets.length === 0) return { ok: false, reason: 'no signing secret configured' };
  const given = header.split(',').map((s) => Buffer.from(s.trim().toLowerCase()));
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secret, timestamp, rawBody));
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: true };
  }
  return { ok: false, reason: `${SIGNATURE_HEADER} does not match the timestamp and body` };
}
