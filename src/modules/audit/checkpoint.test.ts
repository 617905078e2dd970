import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedStore } from '../../platform/testing/stores.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { cliActor } from '../../platform/actor.js';
import { appendAudit, setAuditKey } from './audit.store.js';
import { CHECKPOINT_FILE, CheckpointWriter, readCheckpoints, verifyCheckpoints } from './checkpoint.js';

let handle: Awaited<ReturnType<typeof migratedStore>>;
let dir: string;
const clock = new ManualClock('2026-12-06T00:00:00Z');
const append = (n: number) =>
  handle.store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) await appendAudit(trx, { workspaceId: null, actor: cliActor, action: 'test.step', at: clock.now() });
  });

beforeAll(async () => {
  setAuditKey(Buffer.alloc(32, 3));
  handle = await migratedStore();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-cp-'));
});
afterAll(async () => {
  await handle.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('CheckpointWriter', () => {
  it('appends only when a head moved, and survives a torn last line from a crash', async () => {
    await append(2);
    const w = new CheckpointWriter(handle.store, clock, dir);
    expect((await w.write()).written).toBe(true);
    expect((await w.write()).written).toBe(false);
    await append(1);
    clock.advance(300_000);
    expect((await w.write()).written).toBe(true);
    const cps = readCheckpoints(dir);
    expect(cps.map((c) => c.heads.find((h) => h.chain === 'system')?.seq)).toEqual([2, 3]);
    // A crash mid-write leaves half a line: a new writer (a restarted process) cuts it off.
    fs.appendFileSync(path.join(dir, CHECKPOINT_FILE), '{"format":"sotong-audit-che');
    await append(1);
    const after = new CheckpointWriter(handle.store, clock, dir);
    expect((await after.write()).written).toBe(true);
    expect(readCheckpoints(dir).map((c) => c.heads.find((h) => h.chain === 'system')?.seq)).toEqual([2, 3, 4]);
    // A line damaged in the middle is named, not skipped.
    const damaged = path.join(dir, 'damaged.jsonl');
    fs.writeFileSync(damaged, `${fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8')}{"format":1}\n`);
    expect(() => readCheckpoints(damaged)).toThrow(/damaged\.jsonl line 4: not a Sotong audit checkpoint/);
  });

  it('verifies against the furthest checkpoint of each chain', async () => {
    const cps = readCheckpoints(path.join(dir, 'none'));
    expect(cps).toEqual([]);
    const all = readCheckpoints(dir);
    expect((await verifyCheckpoints(handle.store, all)).problems).toEqual([]);
    // A checkpoint ahead of the store (the store rolled back past it) is a problem.
    // Changing a checkpoint without the key makes it worthless, and says so.
    const edited = { ...all.at(-1)!, heads: [{ chain: 'system', seq: 99, hash: 'a'.repeat(64) }] };
    const r = await verifyCheckpoints(handle.store, [edited]);
    expect(r.problems.map((p) => p.problem)).toEqual(['bad_checkpoint']);
    expect(r.checked).toBe(0);
  });
});
