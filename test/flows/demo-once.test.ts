import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { demoHistoryPosts, startRuntime, type Runtime } from '../../src/app/runtime.js';
import { ALL_ROLES } from '../../src/app/roles.js';
import { demoPosts } from '../../src/demo/dataset/index.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue #15: the demo never shows a post twice. The first start writes history from the start of the
 * dataset; a restart's live feed goes on after the furthest stored post and ends with the dataset, so
 * the stored demo items never share a text, whatever the restarts.
 */
let server: TestServer | undefined;
let second: Runtime | undefined;
afterAll(async () => {
  await second?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/@[\w.]+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

async function demoItems(rt: Runtime): Promise<Array<{ native_id: string; kind: string; text: string }>> {
  const { rows } = await sql<{ native_id: string; kind: string; text: string }>`
    select i.native_id, i.kind, i.text from items i join channel_accounts a on a.id = i.account_id
    where (a.settings->>'demo') = 'true' and i.native_id not like 'spk-%'
      -- not the bank's own posts echoed by the simulators (the demo's publishing sends a few at the start)
      and coalesce(i.raw->>'simulated', '') <> 'true'`.execute(rt.services.store.db);
  return rows;
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the demo shows each post once', () => {
  it('gives the live feed the last hours of the dataset and the history the rest', () => {
    expect(demoHistoryPosts(0.01)).toBe(demoPosts.length - 216); // six hours at one post every 100 s
    expect(demoHistoryPosts(1)).toBe(demoPosts.length - Math.floor(demoPosts.length / 2)); // at least half is history
    expect(demoHistoryPosts(0.0001)).toBe(demoPosts.length - 2);
  });

  it('a restart goes on after the history; live ends with the dataset; no text is stored twice', async () => {
    server = await startTestServer({ demoHistoryDays: 1, demoRate: 0 });
    const first = server.runtime;
    await until(async () => (await demoItems(first)).length >= 60, 90_000, 'the history');
    // Stop without removing the data folder, then start again on it with a fast live feed.
    await first.stop();
    const config = loadConfig({ SOTONG_DATA_DIR: server.dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    second = await startRuntime(config, { roles: new Set(ALL_ROLES), demo: true, demoRate: 200, demoHistoryDays: 14, logger: silentLogger, announce: () => undefined });
    expect(second.demoLogin).toBeNull(); // not a first start: no new history
    const rt = second;
    await until(async () => (await demoItems(rt)).length >= demoPosts.length, 120_000, 'the live feed to reach the end of the dataset');
    await new Promise((r) => setTimeout(r, 1500)); // nothing more comes
    const items = await demoItems(rt);
    expect(items).toHaveLength(demoPosts.length);
    expect(new Set(items.map((i) => i.native_id.split('~')[0])).size).toBe(demoPosts.length);
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const i of items) {
      if (i.kind === 'repost') continue;
      const key = norm(i.text);
      if (seen.has(key)) repeated.push(`${seen.get(key)} = ${i.native_id}`);
      else seen.set(key, i.native_id);
    }
    expect(repeated).toEqual([]);
  }, 240_000);
});
