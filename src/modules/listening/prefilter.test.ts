import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPGliteStore } from '../../platform/db/pglite.js';
import { migrate } from '../../platform/db/migrate.js';
import type { Store } from '../../platform/db/store.js';
import { compileQuery, toSqlFilter } from './domain/matcher.js';
import { parseAndValidate } from './domain/query-parser.js';
import { prefilterSql } from './prefilter.js';
import { documentText, searchVector } from '../../nlp/index.js';
import { toMatchItem, type LoadedItem } from './matching.js';
import { Maintenance } from './maintenance.js';
import { systemClock } from '../../platform/clock/clock.js';

const TEXTS = [
  '국민은행에서 카드 해지했어요',
  'KB국민은행이 먹통이네요',
  '국민은행이랑은 거래 안 해',
  '은행에서 연락 옴',
  '카드사 너무해',
  '신용카드를 해지하려고요',
  'KB 국민카드 결제 오류',
  '#국민은행 최고 @kbstar',
  'The card was charged twice!',
  'charges are too high',
  '국민은행 채용 공고',
  'e-mail 로 문의했어요',
  '신한은행  앱이\n편해요',
  '"인용" 부호와 it\'s 따옴표',
  '우리은행 대출 금리 인하',
  'Hanbit Bank login outage',
  '@alice@mastodon.social 답장',
];
const QUERIES = [
  '국민은행',
  '국민은행에서',
  '은행',
  '카드',
  '"신용카드 해지"',
  'KB국민카드',
  '#국민은행',
  '@kbstar',
  'charges',
  '"card was charged"',
  '국민은행 -채용',
  '(국민은행 OR 신한은행) 앱',
  'e-mail',
  "it's",
  '"앱이 편해요"',
  '국민은행 OR @alice@mastodon.social',
  'login sentiment:negative',
  '대출 lang:ko',
  '우리은행 followers:>=100',
  '국민은행 author:kim',
  'outage OR 먹통',
  '카드 intent:complaint',
];

let store: Store;
const ws = crypto.randomUUID();
const rows: LoadedItem[] = [];

beforeAll(async () => {
  store = await openPGliteStore(undefined);
  await migrate(store);
  const db = store.db;
  const account = crypto.randomUUID();
  await sql`insert into workspaces (id, slug, name) values (${ws}, 'prefilter', 'p')`.execute(db);
  await sql`insert into channel_accounts (id, workspace_id, type, name, webhook_key) values (${account}, ${ws}, 'x', 'x', 'k')`.execute(db);
  for (const [i, text] of TEXTS.entries()) {
    const author = crypto.randomUUID();
    const handle = ['kim', 'lee', null][i % 3] ?? null;
    const followers = i % 4 === 0 ? null : i * 37;
    await sql`insert into authors (id, workspace_id, channel, native_id, handle, followers, first_seen_at, last_seen_at) values (${author}, ${ws}, 'x', ${`a${i}`}, ${handle}, ${followers}, now(), now())`.execute(db);
    const analysis = { sentiment: { label: ['negative', 'neutral', 'positive'][i % 3] }, intents: { labels: i % 2 ? ['complaint'] : [] } };
    const id = crypto.randomUUID();
    // Every third item has no search column yet (as before the maintenance job fills it).
    const search = i % 3 === 2 ? null : searchVector(documentText(null, text));
    await sql`insert into items (id, workspace_id, account_id, channel, native_id, kind, author_id, text, lang, is_private, direction, created_at, received_at, analysis, search)
      values (${id}, ${ws}, ${account}, 'x', ${`n${i}`}, 'post', ${author}, ${text}, ${i % 5 ? 'ko' : 'en'}, false, 'inbound', now(), now(), ${JSON.stringify(analysis)}::jsonb, ${search}::tsvector)`.execute(db);
    rows.push({
      id,
      workspace_id: ws,
      account_id: account,
      channel: 'x',
      kind: 'post',
      native_id: `n${i}`,
      parent_native_id: null,
      title: null,
      text,
      lang: i % 5 ? 'ko' : 'en',
      direction: 'inbound',
      created_at: new Date(),
      deleted_at: null,
      analysis,
      author_id: author,
      handle,
      followers,
    });
  }
});
afterAll(async () => store.close());

describe('the SQL prefilter (toSqlFilter over the search column)', () => {
  it('admits every item the matcher accepts, and rejects some that cannot match', async () => {
    let rejected = 0;
    for (const query of QUERIES) {
      const ast = parseAndValidate(query);
      const predicate = compileQuery(ast);
      const admitted = new Set((await sql<{ id: string }>`select i.id from items i join authors a on a.id = i.author_id where i.workspace_id = ${ws} and ${prefilterSql(toSqlFilter(ast))}`.execute(store.db)).rows.map((r) => r.id));
      for (const r of rows) {
        if (predicate(toMatchItem(r))) expect(admitted.has(r.id), `${query} must admit "${r.text}"`).toBe(true);
      }
      rejected += rows.length - admitted.size;
    }
    expect(rejected).toBeGreaterThan(QUERIES.length * 5);
  });

  it('the maintenance job fills missing search columns with the same document', async () => {
    const filled = await new Maintenance(store, systemClock).fillSearch();
    expect(filled).toBe(rows.filter((_, i) => i % 3 === 2).length);
    const res = await sql<{ text: string; search: string }>`select text, search::text as search from items where workspace_id = ${ws}`.execute(store.db);
    for (const r of res.rows) expect(r.search).toBe((await sql<{ v: string }>`select ${searchVector(r.text)}::tsvector::text as v`.execute(store.db)).rows[0]!.v);
  });
});
