import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertKey, type BlobStorage, type StoredBlob } from './storage.js';

/**
 * Bytes in a folder: `<root>/<key>`. A put writes a temporary file beside the target, flushes it to disk
 * and renames it over the target, so a crash leaves the old bytes or the new, and readers never see a
 * part. Keys are checked (`assertKey`) and resolved inside the root.
 */
export class LocalStorage implements BlobStorage {
  readonly kind = 'local' as const;
  private readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private file(key: string): string {
    assertKey(key);
    const p = path.resolve(this.root, key);
    if (!p.startsWith(this.root + path.sep)) throw new Error('storage key escapes the root');
    return p;
  }

  async put(key: string, data: Uint8Array): Promise<StoredBlob> {
    const target = this.file(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    return { key, size: data.byteLength, sha256: crypto.createHash('sha256').update(data).digest('hex') };
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}
