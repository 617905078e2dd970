/**
 * Bulk data for bench/inbox: conversations and their items written with INSERT ... SELECT
 * generate_series in PostgreSQL (not through the API). Ids are sequential UUIDs derived from the series, so rows can refer
 * to each other without lookups. Secondary indexes are dropped during the load and rebuilt after it (a
 * sort-based build is much faster than maintaining them row by row); foreign-key triggers are skipped
 * for the load (session_replication_role = replica), which needs a superuser such as the test server's.
 */
import pg from 'pg';

export interface GenerateOptions {
  url: string;
  workspaceId: string;
  accountId: string;
  channel: string;
  conversations: number;
  itemsPerConversation: number;
  customers: number;
  teams: number;
  agents: number;
  /** The newest conversation's last activity; older ones spread back over 90 days. */
  now: Date;
  log: (line: string) => void;
}

const TABLES = ['authors', 'items', 'conversations', 'conversation_items', 'sla_timers'];

/**
 * Sequential UUIDs per kind ('1' conversations, '2' items, '3' authors, '4' teams, '5' agents):
 * appended at the right edge of each B-tree instead of scattered over it, which keeps the load fast.
 */
export const seqUuid = (kind: number, n: number) => `${kind}0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export async function generate(o: GenerateOptions): Promise<{ seconds: number; teamIds: string[]; agentIds: string[] }> {
  const c = new pg.Client({ connectionString: o.url });
  await c.connect();
  const started = performance.now();
  const step = async (label: string, sqlText: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await c.query(sqlText, params);
    o.log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s${r.rowCount ? ` (${r.rowCount.toLocaleString('en')} rows)` : ''}`);
  };
  try {
    await c.query(`set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '1GB'; set work_mem = '256MB'; set max_parallel_maintenance_workers = 2`);
    const idx = await c.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public' and i.tablename = any($1) and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
      [TABLES],
    );
    for (const i of idx.rows) await c.query(`drop index ${i.indexname}`);
    o.log(`  dropped ${idx.rows.length} secondary indexes`);
    const ws = o.workspaceId;
    const N = o.conversations;
    const K = o.itemsPerConversation;
    const base = o.now.toISOString();
    // Conversation g's last activity: spread over 90 days back from now, newest g = 1.
    const spacing = (90 * 86_400) / N;

    await step('teams', `insert into teams (id, workspace_id, name, skills, created_at) select ('40000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, $1, '팀 '||g, '[]', now() from generate_series(1, ${o.teams}) g`, [ws]);
    await step(
      'agents (users, memberships, settings)',
      `with u as (insert into users (id, email, name) select ('50000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'agent'||g||'@bench.test', '상담원 '||g from generate_series(1, ${o.agents}) g returning id, email)
       , m as (insert into memberships (workspace_id, user_id, role) select $1, id, 'agent' from u returning user_id)
       insert into agents (workspace_id, user_id, team_ids, skills, capacity, availability)
       select $1, ('50000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, jsonb_build_array(('40000000-0000-4000-8000-' || lpad(to_hex(g % ${o.teams} + 1), 12, '0'))::uuid), '{"languages":["ko"],"products":[]}', 50000, 'online' from generate_series(1, ${o.agents}) g`,
      [ws],
    );
    await step(
      'authors',
      `insert into authors (id, workspace_id, channel, native_id, handle, display_name, followers, verified, first_seen_at, last_seen_at)
       select ('30000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, $1, $2, 'cust-'||g, 'cust'||g, '고객 '||g, (g * 7919) % 50000, false, now(), now() from generate_series(0, ${o.customers}) g`,
      [ws, o.channel],
    );
    // Status by g: 60 % resolved, 10 % closed, 20 % open, 6 % pending, 4 % snoozed. Agents hold the unresolved
    // ones among the newest 5,000 (about 50 each); older unresolved ones wait unassigned in their team's queue.
    await step(
      'conversations',
      `insert into conversations (id, workspace_id, account_id, channel, thread_key, customer_author_id, is_private, subject, status, priority, tags, team_id, assignee_id,
         snoozed_until, last_message_at, last_customer_message_at, last_agent_reply_at, first_response_at, resolved_at, message_count, created_at, updated_at, routed_at)
       select ('10000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, $1, $2::uuid, $3, $2::text||':t:th'||lpad((g)::text, 9, '0')||':'||('30000000-0000-4000-8000-' || lpad(to_hex(g % ${o.customers} + 1), 12, '0'))::uuid, ('30000000-0000-4000-8000-' || lpad(to_hex(g % ${o.customers} + 1), 12, '0'))::uuid, false,
         '카드 결제 오류 문의 '||g, s.status, (array['urgent','high','normal','normal','normal','low'])[g % 6 + 1], case when g % 10 = 0 then '["vip"]'::jsonb else '[]'::jsonb end,
         ('40000000-0000-4000-8000-' || lpad(to_hex(g % ${o.teams} + 1), 12, '0'))::uuid,
         case when s.status in ('open', 'pending', 'snoozed') and g > 5000 then null else ('50000000-0000-4000-8000-' || lpad(to_hex(g % ${o.agents} + 1), 12, '0'))::uuid end,
         case when s.status = 'snoozed' then $4::timestamptz + interval '1 day' end,
         t.last, t.last, t.last - interval '10 minutes', t.first + interval '15 minutes', case when s.status in ('resolved', 'closed') then t.last + interval '1 hour' end,
         ${K}, t.first, t.last, t.first
       from generate_series(1, ${N}) g
       cross join lateral (select ($4::timestamptz - make_interval(secs => g * ${spacing})) as last, ($4::timestamptz - make_interval(secs => g * ${spacing}) - interval '2 hours') as first) t
       cross join lateral (select case when g % 100 < 60 then 'resolved' when g % 100 < 70 then 'closed' when g % 100 < 90 then 'open' when g % 100 < 96 then 'pending' else 'snoozed' end as status) s`,
      [ws, o.accountId, o.channel, base],
    );
    // Item i belongs to conversation (i-1)/K+1; even positions are the customer's, odd ones the bank's echoes.
    await step(
      'items',
      `insert into items (id, workspace_id, account_id, channel, native_id, kind, author_id, parent_native_id, thread_native_id, text, lang, is_private, direction, created_at, received_at, version, search)
       select ('20000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1, $2, $3, 'n'||lpad((i)::text, 9, '0'), case when k = 0 then 'post' else 'reply' end,
         case when k % 2 = 0 then ('30000000-0000-4000-8000-' || lpad(to_hex(cv % ${o.customers} + 1), 12, '0'))::uuid else ('30000000-0000-4000-8000-' || lpad(to_hex(0), 12, '0'))::uuid end,
         case when k > 0 then 'n'||lpad((i - 1)::text, 9, '0') end, 'th'||lpad((cv)::text, 9, '0'),
         case k % 5 when 0 then '카드 결제가 계속 거절됩니다. 확인 부탁드립니다 #'||cv when 1 then '불편을 드려 죄송합니다. 확인 후 안내드리겠습니다.' when 2 then '해외 결제도 안 되고 앱 로그인도 오류가 나요' when 3 then '결제 한도를 확인해 보시겠어요?' else '네 해결됐습니다 감사합니다' end,
         'ko', false, case when k % 2 = 0 then 'inbound' else 'outbound' end,
         ts, ts, 1, ''::tsvector
       from generate_series(1, ${N * K}) i
       cross join lateral (select (i - 1) / ${K} + 1 as cv, (i - 1) % ${K} as k) x
       cross join lateral (select $4::timestamptz - make_interval(secs => cv * ${spacing}) - make_interval(mins => (${K} - 1 - k) * 24) as ts) y`,
      [ws, o.accountId, o.channel, base],
    );
    await step(
      'conversation_items',
      `insert into conversation_items (conversation_id, item_id, workspace_id) select ('10000000-0000-4000-8000-' || lpad(to_hex((i - 1) / ${K} + 1), 12, '0'))::uuid, ('20000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1 from generate_series(1, ${N * K}) i`,
      [ws],
    );
    await step(
      'sla_timers (unresolved conversations; due within the next ~3 days)',
      `insert into sla_timers (id, workspace_id, conversation_id, kind, started_at, due_at, warn_at, state, target_ms)
       select gen_random_uuid(), c.workspace_id, c.id, k.kind, c.created_at, d.due, d.due - k.target * 0.2, 'running', extract(epoch from k.target) * 1000
       from conversations c cross join (values ('next_response', interval '8 hours'), ('resolution', interval '27 hours')) k(kind, target)
       cross join lateral (select $2::timestamptz + make_interval(mins => (hashtext(c.id::text || k.kind) & 4095) + 30) as due) d
       where c.workspace_id = $1 and c.status in ('open', 'pending', 'snoozed')`,
      [ws, base],
    );
    for (const i of idx.rows) await step(`index ${i.indexname}`, i.indexdef);
    await c.query('set session_replication_role = origin');
    for (const t of TABLES) await step(`analyze ${t}`, `analyze ${t}`);
    const teams = await c.query<{ id: string }>(`select id from teams where workspace_id = $1 order by name`, [ws]);
    const agents = await c.query<{ user_id: string }>(`select user_id from agents where workspace_id = $1`, [ws]);
    return { seconds: (performance.now() - started) / 1000, teamIds: teams.rows.map((r) => r.id), agentIds: agents.rows.map((r) => r.user_id) };
  } finally {
    await c.end();
  }
}
