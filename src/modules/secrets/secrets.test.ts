import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, generateKey, loadKey, parseKey, SecretKeyError } from './keyring.js';
import { rotateSecrets, SecretsStore, storedKeyIds } from './secrets.store.js';
import { migratedStore } from '../../platform/testing/stores.js';
import type { Store } from '../../platform/db/store.js';
import { runCli } from '../../../test/support/io.js';

describe('keyring (AES-256-GCM)', () => {
  const ring = createKeyring(parseKey(generateKey()));
  it('round-trips Korean text and never repeats a ciphertext', () => {
    const a = ring.encrypt('비밀 토큰 sk-123', 'ws/x/1');
    const b = ring.encrypt('비밀 토큰 sk-123', 'ws/x/1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk-123');
    expect(ring.decrypt(a, 'ws/x/1')).toBe('비밀 토큰 sk-123');
  });
  it('refuses a tampered envelope, a swapped owner and a foreign key', () => {
    const env = ring.encrypt('secret', 'ws/x/1');
    const parts = env.split('.');
    parts[4] = Buffer.from('SECRET').toString('base64url');
    expect(() => ring.decrypt(parts.join('.'), 'ws/x/1')).toThrow(SecretKeyError);
    expect(() => ring.decrypt(env, 'ws/x/2')).toThrow(/integrity/);
    const other = createKeyring(parseKey(generateKey()));
    expect(() => other.decrypt(env, 'ws/x/1')).toThrow(/not the configured SOTONG_SECRET_KEY/);
  });
  it('accepts hex and base64 keys of 32 bytes only', () => {
    expect(parseKey('ab'.repeat(32))).toHaveLength(32);
    expect(() => parseKey('c2hvcnQ=')).toThrow(/32 bytes/);
  });
  it('generates a key file once, readable only by its owner, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-key-'));
    const first = loadKey(undefined, dir);
    expect(first.source).toBe('generated');
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    const second = loadKey(undefined, dir);
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('secrets store and key rotation', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const oldKey = parseKey(generateKey());
  beforeAll(async () => {
    ({ store, dispose } = await migratedStore('postgres'));
    await store.db.insertInto('workspaces').values({ id: '11111111-1111-4111-8111-111111111111', slug: 'kb', name: 'KB', settings: '{}' }).execute();
  });
  afterAll(async () => dispose());

  it('stores only ciphertext and reads it back', async () => {
    const secrets = new SecretsStore(store, createKeyring(oldKey));
    await secrets.put('11111111-1111-4111-8111-111111111111', 'channel_account', 'acc-1', { appSecret: 'meta-app-secret', pageToken: 'EAAG…' });
    const raw = await store.db.selectFrom('secrets').selectAll().executeTakeFirstOrThrow();
    expect(raw.envelope).not.toContain('meta-app-secret');
    expect(await secrets.get('11111111-1111-4111-8111-111111111111', 'channel_account', 'acc-1')).toEqual({ appSecret: 'meta-app-secret', pageToken: 'EAAG…' });
    expect(await secrets.get('11111111-1111-4111-8111-111111111111', 'channel_account', 'nope')).toBeUndefined();
  });

  it('rotates every secret to a new key; the old key no longer reads them', async () => {
    const newKey = parseKey(generateKey());
    expect(await rotateSecrets(store, createKeyring(oldKey), newKey)).toBe(1);
    expect(await storedKeyIds(store)).toEqual([createKeyring(newKey).keyId]);
    expect(await new SecretsStore(store, createKeyring(newKey)).get('11111111-1111-4111-8111-111111111111', 'channel_account', 'acc-1')).toEqual({ appSecret: 'meta-app-secret', pageToken: 'EAAG…' });
    await expect(new SecretsStore(store, createKeyring(oldKey)).get('11111111-1111-4111-8111-111111111111', 'channel_account', 'acc-1')).rejects.toThrow(SecretKeyError);
  });

  it('makes a secret once when many race to make it on first use: every caller gets the one stored', async () => {
    const secrets = new SecretsStore(store, createKeyring(oldKey));
    const got = await Promise.all(Array.from({ length: 20 }, (_, i) => secrets.putIfAbsent('11111111-1111-4111-8111-111111111111', 'consent_keys', 'first-use', { link: `link-${i}` })));
    const stored = await secrets.get('11111111-1111-4111-8111-111111111111', 'consent_keys', 'first-use');
    expect(stored?.link).toMatch(/^link-\d+$/);
    for (const g of got) expect(g).toEqual(stored);
    // Later callers never replace it.
    expect(await secrets.putIfAbsent('11111111-1111-4111-8111-111111111111', 'consent_keys', 'first-use', { link: 'late' })).toEqual(stored);
  });
});

describe('sotong secrets rotate on the embedded store', () => {
  it('rewrites the key file and refuses the same or a malformed key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-rot-'));
    const env = { SOTONG_DATA_DIR: dir };
    expect((await runCli(['workspace', 'add', '--name', 'W', '--slug', 'ww'], env)).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'secret.key'), 'utf8');
    const r = await runCli(['secrets', 'rotate'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/re-encrypted 0 secrets; the new key is in/);
    expect(fs.readFileSync(path.join(dir, 'secret.key'), 'utf8')).not.toBe(before);
    const same = await runCli(['secrets', 'rotate', '--new-key', fs.readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()], env);
    expect(same.code).toBe(2);
    const bad = await runCli(['secrets', 'rotate', '--new-key', 'short'], env);
    expect(bad.stderr).toMatch(/--new-key: the secret key must be 32 bytes/);
    fs.rmSync(dir, { recursive: true });
  });
});
