import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobStorage } from './storage.js';

/** The storage port's contract, run against every implementation (storage.test.ts). */
export function storageContract(name: string, open: () => Promise<BlobStorage>): void {
  describe(`storage contract: ${name}`, () => {
    const key = (p: string) => `t${crypto.randomBytes(4).toString('hex')}/${p}`;

    it('gives back the bytes it was given, binary and empty alike, with size and hash', async () => {
      const s = await open();
      const bytes = crypto.randomBytes(70_000);
      const k = key('a/b/photo.png');
      const stored = await s.put(k, bytes);
      expect(stored).toEqual({ key: k, size: 70_000, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
      expect(Buffer.compare((await s.get(k))!, bytes)).toBe(0);
      const empty = key('empty');
      expect((await s.put(empty, new Uint8Array())).size).toBe(0);
      expect((await s.get(empty))!.length).toBe(0);
      expect(await s.get(key('never-written'))).toBeUndefined();
    });

    it('replaces on a second put, deletes, and deleting twice is fine', async () => {
      const s = await open();
      const k = key('doc.pdf');
      await s.put(k, Buffer.from('first version'));
      await s.put(k, Buffer.from('second'));
      expect((await s.get(k))!.toString()).toBe('second');
      await s.delete(k);
      expect(await s.get(k)).toBeUndefined();
      await s.delete(k);
    });

    it('does not let a caller change stored bytes through the buffers it passed or got', async () => {
      const s = await open();
      const k = key('mutable');
      const data = Buffer.from('original');
      await s.put(k, data);
      data.write('XXXXXXXX');
      const got = (await s.get(k))!;
      got.write('YYYYYYYY');
      expect((await s.get(k))!.toString()).toBe('original');
    });

    it('refuses keys that could leave its space or are not plain', async () => {
      const s = await open();
      for (const bad of ['', '../escape', 'a/../../etc/passwd', '/abs/path', 'a//b', 'a/./b', '..', 'a\\b', 'name with space', 'x.tmp', 'a/'.repeat(200)]) {
        await expect(s.put(bad, Buffer.from('x')), bad).rejects.toThrow(/storage key/);
        await expect(s.get(bad), bad).rejects.toThrow(/storage key/);
        await expect(s.delete(bad), bad).rejects.toThrow(/storage key/);
      }
    });

    it('under concurrent puts of one key, ends with one whole version', async () => {
      const s = await open();
      const k = key('race');
      const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(200_000, 65 + i));
      await Promise.all(versions.map((v) => s.put(k, v)));
      const got = (await s.get(k))!;
      expect(got.length).toBe(200_000);
      expect(versions.some((v) => Buffer.compare(v, got) === 0)).toBe(true);
    });
  });
}
