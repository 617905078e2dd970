import crypto from 'node:crypto';

/**
 * Signed tokens in the links sent to customers: `<payload>.<mac>`, both base64url, short enough for a
 * path segment (the server takes at most 100 characters). The payload is binary: kind (1 byte),
 * workspace id (16), request or link id (16) and, for consent links, the expiry in seconds (4); the
 * MAC is HMAC-SHA256 truncated to 128 bits under the workspace's link key, so a token checked against
 * another workspace's key fails.
 * `c`: a consent link (expires); `r`: the revoke link of one identity link (does not expire, dies with it).
 */
export type LinkToken = { k: 'c'; w: string; r: string; e: number } | { k: 'r'; w: string; l: string };

const mac = (key: string, payload: string) => crypto.createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');
const uuidBytes = (u: string) => Buffer.from(u.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function signToken(key: string, t: LinkToken): string {
  const parts = [Buffer.from([t.k === 'c' ? 1 : 2]), uuidBytes(t.w), uuidBytes(t.k === 'c' ? t.r : t.l)];
  if (t.k === 'c') {
    const e = Buffer.alloc(4);
    e.writeUInt32BE(t.e >>> 0);
    parts.push(e);
  }
  const payload = Buffer.concat(parts).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The payload as claimed, before its signature is checked (to find the workspace's key); null when malformed. */
export function peekToken(token: string): LinkToken | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || !/^[\w-]+$/.test(payload)) return null;
  const b = Buffer.from(payload, 'base64url');
  if (b[0] === 1 && b.length === 37) return { k: 'c', w: uuidOf(b.subarray(1, 17)), r: uuidOf(b.subarray(17, 33)), e: b.readUInt32BE(33) };
  if (b[0] === 2 && b.length === 33) return { k: 'r', w: uuidOf(b.subarray(1, 17)), l: uuidOf(b.subarray(17, 33)) };
  return null;
}

export function verifyMac(key: string, token: string): boolean {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return false;
  const want = Buffer.from(mac(key, payload));
  const got = Buffer.from(sig);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/**
 * The bank login's assertion: `<payload>.<mac>` with payload `{sub, state, iat, exp}` (seconds),
 * HMAC-SHA256 under the secret shared with the bank. `sub` is the customer's external id, `state`
 * the consent request the login was started for.
 */
export interface Assertion {
  sub: string;
  state: string;
  iat: number;
  exp: number;
}

const fullMac = (key: string, payload: string) => crypto.createHmac('sha256', key).update(payload).digest('base64url');

export function signAssertion(secret: string, a: Assertion): string {
  const payload = Buffer.from(JSON.stringify(a)).toString('base64url');
  return `${payload}.${fullMac(secret, payload)}`;
}

export function readAssertion(secret: string, text: string): Assertion | null {
  if (typeof text !== 'string' || text.length > 2000) return null;
  const [payload, sig] = text.split('.');
  if (!payload || !sig) return null;
  const want = Buffer.from(fullMac(secret, payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !crypto.timingSafeEqual(want, got)) return null;
  try {
    const a = JSON.parse(Buffer.from(text.split('.')[0]!, 'base64url').toString('utf8')) as Assertion;
    return typeof a.sub === 'string' && typeof a.state === 'string' && typeof a.iat === 'number' && typeof a.exp === 'number' ? a : null;
  } catch {
    return null;
  }
}
