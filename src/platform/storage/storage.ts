/**
 * The storage port: bytes under a key (uploaded images and files of the microblog, the archive's held
 * attachment files). What a blob is — its type, owner, name — lives in the owning module's table; the port
 * keeps only bytes. Implementations: `local` (a folder, the default: `SOTONG_FILES_DIR`, else
 * `<data>/files`) and `memory` (tests). Each passes `storage.contract.ts`.
 */
export interface StoredBlob {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes as stored. */
  sha256: string;
}

export interface BlobStorage {
  readonly kind: 'local' | 'memory' | 's3';
  /** Stores `data` under `key`, replacing what was there; readers see the old bytes or the new, never a part. */
  put(key: string, data: Uint8Array): Promise<StoredBlob>;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class StorageKeyError extends Error {
  readonly code = 'storage.bad_key';
}

/** Keys are relative paths of safe segments: letters, digits, `-`, `_`, `.` (never `..`), joined by `/`. */
export function assertKey(key: string): void {
  const ok = typeof key === 'string' && key.length > 0 && key.length <= 300 && key.split('/').every((seg) => /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/.test(seg) && seg !== '..' && !seg.endsWith('.tmp'));
  if (!ok) throw new StorageKeyError(`not a storage key: ${JSON.stringify(String(key).slice(0, 80))}`);
}
