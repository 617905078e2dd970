import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * AES-256-GCM envelopes: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is the
 * first 8 bytes of SHA-256 over the key, so a wrong key is reported as such, not as garbage.
 */
export interface Keyring {
  readonly keyId: string;
  encrypt(plaintext: string, aad?: string): string;
  decrypt(envelope: string, aad?: string): string;
}

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new SecretKeyError('the secret key must be 32 bytes (64 hex characters or 44 base64 characters)');
  return key;
}

export const keyIdOf = (key: Buffer) => crypto.createHash('sha256').update(key).digest('base64url').slice(0, 11);
export const generateKey = () => crypto.randomBytes(32).toString('base64');

export function createKeyring(key: Buffer, previous: Buffer[] = []): Keyring {
  const keys = new Map<string, Buffer>([[keyIdOf(key), key], ...previous.map((k) => [keyIdOf(k), k] as [string, Buffer])]);
  const keyId = keyIdOf(key);
  const secretKey = crypto.createSecretKey(key);
  // Nonces come from the CSPRNG 4 KB at a time (one call per 341 envelopes instead of one each): a bulk
  // import seals tens of thousands of fields a second. Each nonce is still 96 random bits, used once.
  const pool = Buffer.alloc(12 * 341);
  let used = pool.length;
  const nonce = () => {
    if (used === pool.length) {
      crypto.randomFillSync(pool);
      used = 0;
    }
    used += 12;
    return Buffer.from(pool.subarray(used - 12, used));
  };
  return {
    keyId,
    encrypt(plaintext, aad) {
      const iv = nonce();
      const cipher = crypto.createCipheriv('aes-256-gcm', secretKey, iv);
      if (aad) cipher.setAAD(Buffer.from(aad));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    decrypt(envelope, aad) {
      const [version, kid, iv, tag, ct] = envelope.split('.');
      if (version !== 'v1' || !kid || !iv || !tag || ct === undefined) throw new SecretKeyError('not a Sotong secret envelope');
      const k = keys.get(kid);
      if (!k) throw new SecretKeyError(`this secret was encrypted with key ${kid}, which is not the configured SOTONG_SECRET_KEY (${keyId})`);
      const decipher = crypto.createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'));
      if (aad) decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError('a secret failed its integrity check: it was altered or belongs to another record');
      }
    },
  };
}

export const KEY_FILE = 'secret.key';

/**
 * The key from SOTONG_SECRET_KEY (passed in), else from `<dataDir>/secret.key`, generated on first use.
 * Returns whether it was generated so the caller can warn.
 */
export function loadKey(configured: string | undefined, dataDir: string): { key: Buffer; source: 'env' | 'file' | 'generated'; file: string } {
  const file = path.join(dataDir, KEY_FILE);
  if (configured) return { key: parseKey(configured), source: 'env', file };
  if (fs.existsSync(file)) return { key: parseKey(fs.readFileSync(file, 'utf8')), source: 'file', file };
  fs.mkdirSync(dataDir, { recursive: true });
  const text = generateKey();
  fs.writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
  return { key: parseKey(text), source: 'generated', file };
}
