/**
 * Synthetic listening data straight into PostgreSQL with INSERT … SELECT generate_series: items (with
 * their search column and analysis), authors, matches of four bank queries, and the rollups the
 * matcher would have written (hourly, daily keywords, daily top-200 authors). Text templates are
 * analysed and tokenised by the real code once each; rows pick a template by formula.
 */
import type pg from 'pg';
import { createAnalyzer } from '../../src/nlp/index.js';
import { documentText, searchVector } from '../../src/nlp/index.js';

export const BANKS = ['국민은행', '신한은행', '우리은행', '하나은행'] as const;
const TOPICS = [
  '앱 또 먹통이네 최악이다',
  '로그인 오류 짜증나요 언제 고쳐요',
  '이체 안돼서 화나네요',
  '서비스 너무 불편해요 실망',
  '지점 친절해서 좋았어요',
  '금리 괜찮네',
  '앱 업데이트 했어요',
  '고객센터 연결이 안 돼요 진짜 최악',
  '카드 해지하려고요',
  '대출 상담 받았는데 설명이 자세했어요',
  '적금 금리 올랐네요 가입해야지',
  '해외 송금 수수료가 너무 비싸요',
  '모바일 뱅킹 인증서 갱신이 번거로워요',
  '체크카드 재발급 신청했어요',
  '주택담보대출 금리 비교 중',
  'ATM 수수료 면제 이벤트 좋네요',
  '청년 적금 가입 조건이 궁금해요',
  '보이스피싱 의심 문자 받았어요 조심하세요',
  '점심시간에 창구 대기 너무 길어요',
  '오픈뱅킹 연결 오류가 계속 나요',
  '외화 환전 우대율 괜찮았어요',
  '신용대출 한도 조회해봤어요',
  '통장 분실 신고 어떻게 하나요',
  '연금저축 계좌 개설했어요',
  '앱 디자인 바뀌었는데 더 편하네요',
  '상담원 응대가 불친절했어요',
  '공인인증서 없이 로그인 되니까 편해요',
  '계좌 이체 한도 늘리고 싶어요',
  '카드 결제 알림이 안 와요',
  '예금 만기 안내 문자 받았어요',
  '펀드 수익률이 마이너스라 속상해요',
  '주말에도 여는 지점 있나요',
  '자동이체 해지가 안 돼요',
  '포인트 적립 이벤트 참여했어요',
  '전세자금대출 서류가 너무 많아요',
  '모임통장 만들었어요 편리해요',
  '앱 실행이 너무 느려요',
  '지문 인증이 자꾸 실패해요',
  '해외 결제 승인 거절됐어요',
  '금리 인하 요구권 신청했어요',
];
export const TEMPLATES = [...BANKS.flatMap((b) => TOPICS.map((t) => `${b} ${t}`)), ...TOPICS.map((t) => `요즘 은행들 ${t}`)];
export const CHANNELS = ['x', 'youtube', 'meta', 'blog', 'mastodon'] as const;

export interface GenOptions {
  items: number;
  days: number;
  authors: number;
  end: Date;
  workspaceId: string;
  queryIds: string[];
  log: (line: string) => void;
}

const q = (c: pg.PoolClient | pg.Client, text: string, params: unknown[] = []) => c.query(text, params);

export async function generate(c: pg.Client, o: GenOptions): Promise<void> {
  const analyzer = createAnalyzer({ explain: false });
  const t0 = Date.now();
  const tick = (what: string) => o.log(`${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  const analyses = TEMPLATES.map((t) => {
    const a = analyzer.analyze(t);
    return { sentiment: { label: a.sentiment.label }, complaint: { isComplaint: a.complaint.isComplaint }, intents: { labels: a.intents.labels }, keywords: a.keywords, language: 'ko' };
  });
  const T = TEMPLATES.length;
  const bankOf = TEMPLATES.map((_, i) => (i < BANKS.length * TOPICS.length ? Math.floor(i / TOPICS.length) : -1));
  await q(c, 'set synchronous_commit = off');
  await q(c, "set maintenance_work_mem = '1GB'");
  await q(c, "set work_mem = '256MB'");
  // Accounts, one per channel.
  for (const [i, ch] of CHANNELS.entries()) {
    await q(c, `insert into channel_accounts (id, workspace_id, type, name, webhook_key) values (md5('acct' || $1)::uuid, $2, $3, $3, md5('hook' || $1))`, [i, o.workspaceId, ch]);
  }
  await q(
    c,
    `insert into authors (id, workspace_id, channel, native_id, handle, display_name, followers, first_seen_at, last_seen_at)
    select md5('author' || a)::uuid, $1, (array['x','youtube','meta','blog','mastodon'])[1 + a % 5], 'a' || a, 'user' || a, 'User ' || a,
      (case when a % 1000 = 0 then 100000 + a % 900000 when a % 50 = 0 then 5000 + a % 20000 else a % 800 end), now(), now()
    from generate_series(0, $2 - 1) a`,
    [o.workspaceId, o.authors],
  );
  tick(`authors: ${o.authors}`);
  // Bench-only: bulk load without indexes, then build them.
  const itemIndexes = (await q(c, `select indexname, indexdef from pg_indexes where tablename = 'items' and indexname not like '%_pkey' and indexdef not like '%UNIQUE%'`)).rows as Array<{ indexname: string; indexdef: string }>;
  const matchIndexes = (await q(c, `select indexname, indexdef from pg_indexes where tablename = 'query_matches' and indexname not like '%_pkey'`)).rows as Array<{ indexname: string; indexdef: string }>;
  for (const ix of [...itemIndexes, ...matchIndexes]) await q(c, `drop index ${ix.indexname}`);
  await q(c, 'alter table items drop constraint items_account_id_native_id_key');
  await q(c, 'alter table query_matches drop constraint query_matches_pkey');
  const fks = (await q(c, `select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'query_matches'::regclass and contype = 'f'`)).rows as Array<{ conname: string; def: string }>;
  for (const fk of fks) await q(c, `alter table query_matches drop constraint ${fk.conname}`);
  await q(c, `create temporary table tmpl (idx int primary key, text text, search tsvector, analysis jsonb, bank int, sentiment text, complaint boolean, keywords text[])`);
  for (let i = 0; i < T; i++) {
    const a = analyses[i]!;
    await q(c, 'insert into tmpl values ($1, $2, $3::tsvector, $4::jsonb, $5, $6, $7, $8::text[])', [
      i,
      TEMPLATES[i],
      searchVector(documentText(null, TEMPLATES[i]!)),
      JSON.stringify(a),
      bankOf[i],
      a.sentiment.label,
      a.complaint.isComplaint,
      a.keywords.slice(0, 10),
    ]);
  }
  const span = o.days * 86_400_000;
  const start = new Date(o.end.getTime() - span);
  // n → template (n * 7 % T), author ((n * 7919) % A), time start + n/N of the span, channel n % 5.
  const series = (from: number, to: number) => `
    select g as n, t.*, md5('author' || ((g::int8 * 7919) % ${o.authors}))::uuid as author_id,
      ${'$1'}::timestamptz + ((g::float8 / ${o.items}) * ${span} || ' milliseconds')::interval as at,
      (array['x','youtube','meta','blog','mastodon'])[1 + g % 5] as channel, g % 5 as acct
    from generate_series(${from}, ${to}) g join tmpl t on t.idx = (g * 7) % ${T}`;
  const chunk = 1_000_000;
  for (let from = 0; from < o.items; from += chunk) {
    const to = Math.min(o.items, from + chunk) - 1;
    await q(
      c,
      `insert into items (id, workspace_id, account_id, channel, native_id, kind, author_id, thread_native_id, text, lang, is_private, direction, created_at, received_at, version, analysis, search)
      select md5('item' || s.n)::uuid, $2, md5('acct' || s.acct)::uuid, s.channel, 'n' || s.n, 'post', s.author_id, 'n' || s.n, s.text, 'ko', false, 'inbound', s.at, s.at, 1, s.analysis, s.search
      from (${series(from, to)}) s`,
      [start, o.workspaceId],
    );
    await q(
      c,
      `insert into query_matches (workspace_id, query_id, item_id, created_at, channel, sentiment, complaint, author_id, followers, reposts, reach, keywords)
      select $2, (${'$3'}::uuid[])[s.bank + 1], md5('item' || s.n)::uuid, s.at, s.channel, s.sentiment, s.complaint, s.author_id, a.followers, 0, a.followers, s.keywords
      from (${series(from, to)}) s join authors a on a.id = s.author_id where s.bank >= 0`,
      [start, o.workspaceId, o.queryIds],
    );
    tick(`items ${to + 1} / ${o.items}`);
  }
  await q(c, 'alter table items add constraint items_account_id_native_id_key unique (account_id, native_id)');
  for (const ix of itemIndexes) {
    await q(c, ix.indexdef);
    tick(`index ${ix.indexname}`);
  }
  await q(c, 'alter table query_matches add primary key (query_id, item_id)');
  for (const ix of matchIndexes) await q(c, ix.indexdef);
  for (const fk of fks) await q(c, `alter table query_matches add constraint ${fk.conname} ${fk.def}`);
  tick('query_matches indexes');
  await q(
    c,
    `insert into listening_rollups_hourly (workspace_id, query_id, bucket_hour, channel, sentiment, count, complaint_count, reach_sum)
    select workspace_id, query_id, date_trunc('hour', created_at), channel, sentiment, count(*), count(*) filter (where complaint), sum(reach)
    from query_matches group by 1, 2, 3, 4, 5`,
  );
  tick('hourly rollups');
  await q(
    c,
    `insert into listening_keywords_daily (workspace_id, query_id, day, term, count)
    select workspace_id, query_id, day, term, sum(n) from (
      select workspace_id, query_id, (created_at at time zone 'Asia/Seoul')::date as day, keywords, count(*) as n from query_matches group by 1, 2, 3, 4
    ) d, unnest(d.keywords) term group by 1, 2, 3, 4`,
  );
  tick('keyword rollups');
  await q(
    c,
    `insert into listening_authors_daily (workspace_id, query_id, day, author_id, count, negative)
    select workspace_id, query_id, day, author_id, n, neg from (
      select workspace_id, query_id, day, author_id, n, neg, row_number() over (partition by query_id, day order by n desc, author_id) as rn from (
        select workspace_id, query_id, (created_at at time zone 'Asia/Seoul')::date as day, author_id, count(*) as n, count(*) filter (where sentiment = 'negative') as neg
        from query_matches group by 1, 2, 3, 4) x) y
    where rn <= 200`,
  );
  tick('author rollups (top 200 per day, as maintenance keeps them)');
  await q(c, 'vacuum analyze items');
  await q(c, 'vacuum analyze query_matches');
  await q(c, 'analyze');
  tick('vacuum analyze');
}
