import crypto from 'node:crypto';
import { assertKey, type BlobStorage, type StoredBlob } from './storage.js';

/** Bytes in a Map (tests, and a server started without a data folder). */
export class MemoryStorage implements BlobStorage {
  readonly kind = 'memory' as const;
  private readonly blobs = new Map<string, Buffer>();

  async put(key: string, data: Uint8Array): Promise<StoredBlob> {
    assertKey(key);
    const copy = Buffer.from(data);
    this.blobs.set(key, copy);
    return { key, size: copy.length, sha256: crypto.createHash('sha256').update(copy).digest('hex') };
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertKey(key);
    const b = this.blobs.get(key);
    return b ? Buffer.from(b) : undefined;
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    this.blobs.delete(key);
  }
}
