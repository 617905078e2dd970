/**
 * The influencer list's read, one person per row, on PostgreSQL: N authors with metrics in one slice, a
 * tenth of them linked in pairs to customers (consent links), the first page sorted by PageRank and by
 * followers. Baseline in the same run: the list as it was read before persons (one row per identity, the
 * same filters, `order by … limit`), on the same rows. Median of R reads each.
 * Run: npx tsx bench/network/influencers.bench.ts [N=100000] [R=15] (needs PostgreSQL at 127.0.0.1:5432).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { closePlatform, openPlatform } from '../../src/app/runtime.js';
import { loadConfig } from '../../src/config.js';
import { CustomerIdentities } from '../../src/flows/people/index.js';
import { rankPersons } from '../../src/modules/network/network.people.js';
import { cliActor } from '../../src/platform/actor.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';

const N = Number(process.argv[2] ?? 100_000);
const R = Number(process.argv[3] ?? 15);
const tdb = await createTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-network-'));
const s = await openPlatform(loadConfig({ DATABASE_URL: tdb.url, SOTONG_DATA_DIR: dir, LOG_LEVEL: 'silent' }), silentLogger);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const ws = (await s.workspaces.create({ ...cliActor, isInstanceAdmin: true }, { name: '벤치은행', slug: 'bench' })).id;
  const db = s.store.db;
  await sql`insert into authors (id, workspace_id, channel, native_id, handle, display_name, followers, influence, first_seen_at, last_seen_at)
    select gen_random_uuid(), ${ws}, case when g % 2 = 0 then 'x' else 'meta' end, 'n' || g, 'h' || g, '사람' || g, (random() * 20000)::int, random() * 100, now(), now()
    from generate_series(1, ${N}) g`.execute(db);
  await sql`insert into author_metrics (workspace_id, author_id, period, pagerank, pagerank_pct, in_degree, out_degree, in_strength, out_strength, coreness, betweenness, community,
      cascades_started, sneezer_avg, sneezer_max, secondary_reach, items_negative, items_neutral, items_positive, computed_at, degrees_at)
    select ${ws}, a.id, 'all', random() / ${N}, random(), (random() * 20)::int, (random() * 20)::int, random() * 30, random() * 30, (random() * 5)::int, random() / 100, (random() * 12)::int,
      (random() * 3)::int, random() * 4, (random() * 10)::int, random() * 5, (random() * 4)::int, (random() * 4)::int, (random() * 4)::int, now(), now()
    from authors a where a.workspace_id = ${ws}`.execute(db);
  // A tenth of the identities belong to customers, two each (their X and Meta accounts).
  const customers = Math.floor(N / 20);
  await sql`insert into customers (id, workspace_id, external_id, name_masked, created_at, updated_at)
    select gen_random_uuid(), ${ws}, 'C' || g, '고*' || g, now(), now() from generate_series(1, ${customers}) g`.execute(db);
  await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at)
    select gen_random_uuid(), ${ws}, c.id, a.id, 'bench', '{"method":"bench"}', 'bench', now()
    from customers c join authors a on a.workspace_id = ${ws} and a.native_id in ('n' || (2 * substr(c.external_id, 2)::int - 1), 'n' || (2 * substr(c.external_id, 2)::int))
    where c.workspace_id = ${ws}`.execute(db);
  await sql`analyze`.execute(db);
  const scope = { workspaceId: ws, actor: cliActor, role: 'admin' as const, tokenScopes: null };
  const join = new CustomerIdentities(s.store);
  const baseline = async (order: string) => {
    const filter = sql`from author_metrics m join authors a on a.id = m.author_id where m.workspace_id = ${ws} and m.period = 'all'
      and not exists (select 1 from items o where o.author_id = a.id and o.direction = 'outbound')`;
    await sql`select count(*) ${filter}`.execute(db);
    return sql`select m.*, a.channel, a.handle, a.display_name, a.followers, a.influence ${filter} order by ${sql.raw(order)} desc nulls last, m.author_id limit 50`.execute(db);
  };
  const time = async (f: () => Promise<unknown>) => {
    await f(); // warm
    const ms: number[] = [];
    for (let i = 0; i < R; i++) {
      const t = performance.now();
      await f();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const result: Record<string, unknown> = { authors: N, linkedIdentities: customers * 2, reads: R };
  for (const [sort, cols, old] of [
    ['pagerank', ['pagerank'], 'm.pagerank'],
    ['followers', ['followers', 'pagerank'], 'a.followers'],
  ] as const) {
    const before = await time(() => baseline(old));
    const persons = await time(() => rankPersons(db as never, scope, 'all', { sort: cols, order: 'desc', channel: null, limit: 50, offset: 0 }, join));
    const page = await rankPersons(db as never, scope, 'all', { sort: cols, order: 'desc', channel: null, limit: 50, offset: 0 }, join);
    result[sort] = { baselineMs: Math.round(before), personsMs: Math.round(persons), ratio: Math.round((persons / before) * 100) / 100, persons: page.total };
  }
  console.log(JSON.stringify(result, null, 2));
} finally {
  await closePlatform(s);
  await tdb.drop();
}
