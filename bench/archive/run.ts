/**
 * bench/archive: export and offline verification of a large archive on PostgreSQL.
 * Loads --versions message versions through the real append path (chained, originals encrypted), then
 * measures, in the same run:
 * - export: `ArchiveAdmin.exportTo` (one repeatable-read snapshot, pages of 5000, decrypt, JSONL, SHA-256);
 * - verify: `verifyPackage` (every file's SHA-256, the chain, every entry's hash and digest), offline;
 * - baseline: raw SHA-256 of the same package bytes (what reading and hashing alone costs);
 * - peak RSS during each, to show both stream.
 * Goal (issue #19): 1,000,000 versions exported in under 2 minutes; verification at least as fast.
 * Run: npx tsx bench/archive/run.ts [--versions 1000000] [--keep]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPostgresStore } from '../../src/platform/db/postgres.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { createKeyring, generateKey, parseKey } from '../../src/modules/secrets/index.js';
import { ArchiveAdmin, ArchiveService, appendVersions, verifyPackage, type VersionInput } from '../../src/modules/archive/index.js';

const { values } = parseArgs({ options: { versions: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const N = Number(values.versions);
const log = (line: string) => process.stdout.write(`${line}\n`);

function peakRss() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(t);
    return Math.max(peak, process.memoryUsage().rss);
  };
}
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

/** Wall time, this process's CPU time (user + system) and peak RSS: on a shared machine the wall time shows the contention, the CPU time the work. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number; rss: number }> {
  const stop = peakRss();
  const t = performance.now();
  const c = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(c);
  return { value, seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6, rss: stop() };
}

const TEXTS = ['계좌 이체가 두 번 빠져나갔어요. 확인 부탁드립니다.', '카드 분실 신고는 어디서 하나요?', '앱 점검 언제 끝나요? 급하게 송금해야 해요', '대출 금리 문의드립니다 연락 주세요', 'The fee on my card looks wrong, please check.'];
const AUTHORS = Array.from({ length: 5000 }, () => crypto.randomUUID());

async function main() {
  const tdb = await createTestDatabase('sotong_bench_archive');
  const store = await openPostgresStore(tdb.url, { max: 4 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-archive-'));
  try {
    await migrate(store);
    const ws = crypto.randomUUID();
    await store.db.insertInto('workspaces').values({ id: ws, slug: 'bench', name: 'Bench', settings: '{}' }).execute();
    const keyring = createKeyring(parseKey(generateKey()));
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const archive = new ArchiveService(store, clock, keyring);
    const admin = new ArchiveAdmin(archive, tmp);
    log(`bench/archive: ${N.toLocaleString('en')} versions on PostgreSQL (${os.cpus().length} cores, node ${process.version})`);
    const BATCH = 5000;
    const load = await timed(async () => {
      for (let done = 0; done < N; done += BATCH) {
        const inputs: VersionInput[] = [];
        for (let i = done; i < Math.min(N, done + BATCH); i++) {
          const text = `${TEXTS[i % TEXTS.length]} #${i}`;
          inputs.push({
            dedupeKey: `bench:${i}`,
            occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
            kind: i % 10 === 9 ? 'edited' : i % 7 === 0 ? 'sent' : 'received',
            source: 'item',
            sourceId: crypto.randomUUID(),
            channel: ['x', 'facebook', 'kakao', 'instagram'][i % 4]!,
            accountId: null,
            nativeId: `n${i}`,
            conversationId: null,
            authorId: AUTHORS[i % AUTHORS.length]!,
            authorLabel: `고객${i % AUTHORS.length}`,
            direction: i % 7 === 0 ? 'outbound' : 'inbound',
            isPrivate: i % 3 === 0,
            itemVersion: 1,
            labels: i % 5 === 0 ? ['complaint'] : [],
            meta: { itemKind: 'post', lang: 'ko', url: `https://example.test/p/${i}` },
            attachments: i % 20 === 0 ? [{ type: 'image', url: `https://cdn.test/${i}.jpg`, mimeType: 'image/jpeg', ref: crypto.createHash('sha256').update(String(i)).digest('hex'), sha256: null }] : [],
            textMasked: text,
            body: { title: null, text },
          });
        }
        await store.db.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          await appendVersions(trx, keyring, ws, inputs, clock.now());
        });
        if ((done / BATCH) % 40 === 39) log(`  loaded ${(done + BATCH).toLocaleString('en')}`);
      }
    });
    log(`load (append path, chained and encrypted): ${load.seconds.toFixed(1)} s, ${Math.round(N / load.seconds).toLocaleString('en')} versions/s`);
    await sql`vacuum analyze archive_versions`.execute(store.db);

    const dir = path.join(tmp, 'pkg');
    const exp = await timed(() => admin.exportTo(ws, {}, dir));
    const bytes = exp.value.files.reduce((n, f) => n + f.bytes, 0);
    log(
      `export: ${exp.seconds.toFixed(1)} s for ${exp.value.counts.versions.toLocaleString('en')} versions, ${mb(bytes)} (${Math.round(N / exp.seconds).toLocaleString('en')} versions/s), ${exp.cpu.toFixed(1)} CPU-s in this process, peak RSS ${mb(exp.rss)}`,
    );

    const ver = await timed(() => verifyPackage(dir));
    if (!ver.value.ok) throw new Error(`verification failed: ${JSON.stringify(ver.value)}`);
    log(`verify: ${ver.seconds.toFixed(1)} s (${Math.round(N / ver.seconds).toLocaleString('en')} versions/s), ${ver.cpu.toFixed(1)} CPU-s, peak RSS ${mb(ver.rss)}`);

    const base = await timed(async () => {
      for (const f of exp.value.files) {
        const h = crypto.createHash('sha256');
        for await (const chunk of fs.createReadStream(path.join(dir, f.path), { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
        if (h.digest('hex') !== f.sha256) throw new Error('baseline hash mismatch');
      }
    });
    log(`baseline (raw SHA-256 of the same ${mb(bytes)}): ${base.seconds.toFixed(2)} s, ${base.cpu.toFixed(1)} CPU-s, ${mb(bytes / base.seconds)}/s`);
    log(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    log(`ratios: export/baseline ${(exp.seconds / base.seconds).toFixed(1)}x, verify/baseline ${(ver.seconds / base.seconds).toFixed(1)}x, verify/export ${(ver.seconds / exp.seconds).toFixed(2)}`);
    log(`goals: export < 120 s: ${exp.seconds < 120 ? 'met' : 'MISSED'}; verify at least as fast as export: ${ver.seconds <= exp.seconds ? 'met' : 'MISSED'}`);
  } finally {
    await store.close();
    if (!values.keep) {
      await tdb.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    } else log(`kept: database ${tdb.name}, folder ${tmp}`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
