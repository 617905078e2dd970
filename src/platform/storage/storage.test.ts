import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStorage } from './local.js';
import { MemoryStorage } from './memory.js';
import { storageContract } from './storage.contract.js';

const roots: string[] = [];
const tmpRoot = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-storage-'));
  roots.push(d);
  return d;
};
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

storageContract('memory', async () => new MemoryStorage());
storageContract('local folder', async () => new LocalStorage(tmpRoot()));

describe('local storage on disk', () => {
  it('leaves no temporary file behind and keeps files readable by the owner only', async () => {
    const root = tmpRoot();
    const s = new LocalStorage(root);
    await s.put('ws/file.bin', Buffer.from('bytes'));
    expect(fs.readdirSync(path.join(root, 'ws'))).toEqual(['file.bin']);
    expect(fs.statSync(path.join(root, 'ws', 'file.bin')).mode & 0o077).toBe(0);
  });

  it('a crash between write and rename (a stray temporary file) neither shows nor breaks the key', async () => {
    const root = tmpRoot();
    const s = new LocalStorage(root);
    await s.put('ws/a.png', Buffer.from('old'));
    fs.writeFileSync(path.join(root, 'ws', 'a.png.0123456789ab.tmp'), 'half-writ');
    expect((await s.get('ws/a.png'))!.toString()).toBe('old');
    await expect(s.get('ws/a.png.0123456789ab.tmp')).rejects.toThrow(/storage key/);
    await s.put('ws/a.png', Buffer.from('new'));
    expect((await s.get('ws/a.png'))!.toString()).toBe('new');
  });

  it('reads a key whose parent is a file as missing', async () => {
    const s = new LocalStorage(tmpRoot());
    await s.put('plain', Buffer.from('x'));
    expect(await s.get('plain/child')).toBeUndefined();
  });
});
