import { sql } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { ALWAYS_OPEN, businessTimeBetween, type BusinessSchedule } from './domain/business-time.js';
import type { InboxDb } from './inbox.tables.js';
import type { SlaPolicies } from './sla.policies.js';
import type { Durations, InboxReport } from '../../contracts/inbox.js';

export type { Durations, InboxReport };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Nearest-rank percentile of sorted values; null without values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function durations(pairs: Array<[Date, Date]>, schedule: BusinessSchedule): Durations {
  const wall = pairs.map(([a, b]) => b.getTime() - a.getTime()).sort((x, y) => x - y);
  const business = pairs.map(([a, b]) => businessTimeBetween(a, b, schedule)).sort((x, y) => x - y);
  return { count: pairs.length, wall: { medianMs: percentile(wall, 50), p90Ms: percentile(wall, 90) }, business: { medianMs: percentile(business, 50), p90Ms: percentile(business, 90) } };
}

/**
 * Inbox reports over a period: first-response and resolution times (median and p90, wall clock and
 * business time of the default SLA policy), SLA attainment per timer kind, the backlog by team and
 * age, and each agent's workload. Definitions in docs/inbox.md.
 */
export class InboxReports {
  private readonly db: InboxDb;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly policies: SlaPolicies,
  ) {
    this.db = tables(store);
  }

  async report(scope: Scope, q: { from?: string; to?: string; teamId?: string }): Promise<InboxReport> {
    assertCan(scope, 'inbox.read');
    const now = this.clock.now();
    const to = q.to ? new Date(q.to) : now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY);
    if (!(from < to)) throw invalid('report.bad_period', '`from` must be before `to`.', 'from');
    const ws = scope.workspaceId;
    const team = q.teamId ?? null;
    const policy = await this.policies.defaultPolicy(this.db, ws);
    const schedule = policy.definition.clock === 'calendar' ? ALWAYS_OPEN : policy.schedule;
    // History (demo history, imports) is not work: closed as history, it is in no figure here.
    const conv = () => {
      let c = this.db.selectFrom('conversations as c').where('c.workspace_id', '=', ws).where('c.is_history', '=', false);
      if (team) c = c.where('c.team_id', '=', team);
      return c;
    };

    // Times count from the customer's first message (not from when the row was written), and a
    // conversation's backlog age from the first message still waiting for an answer.
    // (A conversation without any customer message, e.g. one opened by moving a public one private, has no such time: not counted.)
    const firstCustomer = sql<Date | null>`(select min(i.created_at) from conversation_items ci join items i on i.id = ci.item_id where ci.conversation_id = c.id and i.direction = 'inbound')`;
    const waitingSince = sql<Date>`coalesce((select min(i.created_at) from conversation_items ci join items i on i.id = ci.item_id where ci.conversation_id = c.id and i.direction = 'inbound' and (c.last_agent_reply_at is null or i.created_at > c.last_agent_reply_at)), c.last_customer_message_at, c.last_message_at)`;
    const [respondedRows, resolvedRows, sla, backlogRows, agents, load, resolvedBy] = await Promise.all([
      conv()
        .select([firstCustomer.as('created_at'), 'c.first_response_at', 'c.assignee_id'])
        .where('c.last_message_at', '>=', from)
        .where('c.first_response_at', 'is not', null)
        .execute(),
      conv()
        .select([firstCustomer.as('created_at'), 'c.resolved_at'])
        .where('c.resolved_at', '>=', from)
        .where('c.resolved_at', '<', to)
        .execute(),
      this.db
        .selectFrom('sla_timers as s')
        .innerJoin('conversations as c', 'c.id', 's.conversation_id')
        .select(['s.kind', sql<number>`count(*) filter (where s.state = 'met')`.as('met'), sql<number>`count(*) filter (where s.state = 'breached' or (s.state = 'running' and s.due_at <= ${now}))`.as('breached')])
        .where('s.workspace_id', '=', ws)
        .where('s.started_at', '>=', from)
        .where('s.started_at', '<', to)
        .where('c.is_history', '=', false)
        .$if(!!team, (b) => b.where('c.team_id', '=', team!))
        .groupBy('s.kind')
        .execute(),
      conv()
        .leftJoin('teams as t', 't.id', 'c.team_id')
        .select(['c.team_id', 't.name', waitingSince.as('waiting_since')])
        .where('c.status', 'in', ['open', 'pending', 'snoozed'])
        .execute(),
      this.db.selectFrom('agents as g').innerJoin('users as u', 'u.id', 'g.user_id').select(['g.user_id', 'g.team_ids', 'u.name']).where('g.workspace_id', '=', ws).execute(),
      conv()
        .select(['c.assignee_id', sql<number>`count(*)`.as('n')])
        .where('c.assignee_id', 'is not', null)
        .where('c.status', 'in', ['open', 'pending', 'snoozed'])
        .groupBy('c.assignee_id')
        .execute(),
      conv()
        .select(['c.assignee_id', sql<number>`count(*)`.as('n')])
        .where('c.assignee_id', 'is not', null)
        .where('c.resolved_at', '>=', from)
        .where('c.resolved_at', '<', to)
        .groupBy('c.assignee_id')
        .execute(),
    ]);

    const inPeriod = (d: Date | null) => d !== null && new Date(d) >= from && new Date(d) < to;
    const responded = respondedRows.filter((r): r is typeof r & { created_at: Date } => inPeriod(r.created_at));
    const resolved = resolvedRows.filter((r): r is typeof r & { created_at: Date } => r.created_at !== null);
    const backlogByTeam = new Map<string, { team_id: string | null; name: string | null; total: number; lt1h: number; h1to4: number; h4to24: number; d1to3: number; gt3d: number }>();
    for (const r of backlogRows) {
      const key = r.team_id ?? '';
      let b = backlogByTeam.get(key);
      if (!b) backlogByTeam.set(key, (b = { team_id: r.team_id, name: r.name, total: 0, lt1h: 0, h1to4: 0, h4to24: 0, d1to3: 0, gt3d: 0 }));
      const age = now.getTime() - new Date(r.waiting_since).getTime();
      b.total++;
      b[age < HOUR ? 'lt1h' : age < 4 * HOUR ? 'h1to4' : age < DAY ? 'h4to24' : age < 3 * DAY ? 'd1to3' : 'gt3d']++;
    }
    const backlog = [...backlogByTeam.values()].sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));

    const kinds = ['first_response', 'next_response', 'resolution'] as const;
    const slaOut = kinds.map((kind) => {
      const r = sla.find((x) => x.kind === kind);
      const met = Number(r?.met ?? 0);
      const breached = Number(r?.breached ?? 0);
      return { kind, met, breached, attainment: met + breached ? Math.round((met / (met + breached)) * 1000) / 1000 : null };
    });

    const ids = new Set<string>([...agents.filter((a) => !team || a.team_ids.includes(team)).map((a) => a.user_id), ...load.map((l) => l.assignee_id!), ...resolvedBy.map((l) => l.assignee_id!)]);
    const missing = [...ids].filter((id) => !agents.some((a) => a.user_id === id));
    const names = new Map(agents.map((a) => [a.user_id, a.name]));
    if (missing.length) for (const u of await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', missing).execute()) names.set(u.id, u.name);
    const agentRows = [...ids]
      .map((id) => {
        const mine = responded
          .filter((r) => r.assignee_id === id)
          .map((r) => new Date(r.first_response_at!).getTime() - new Date(r.created_at).getTime())
          .sort((a, b) => a - b);
        return { userId: id, name: names.get(id) ?? null, open: Number(load.find((l) => l.assignee_id === id)?.n ?? 0), resolved: Number(resolvedBy.find((l) => l.assignee_id === id)?.n ?? 0), firstResponseMedianMs: percentile(mine, 50) };
      })
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.userId < b.userId ? -1 : 1));

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      teamId: team,
      firstResponse: durations(
        responded.map((r) => [new Date(r.created_at), new Date(r.first_response_at!)]),
        schedule,
      ),
      resolution: durations(
        resolved.map((r) => [new Date(r.created_at), new Date(r.resolved_at!)]),
        schedule,
      ),
      sla: slaOut,
      backlog: backlog.map((b) => ({ teamId: b.team_id, teamName: b.name, total: Number(b.total), buckets: { lt1h: Number(b.lt1h), h1to4: Number(b.h1to4), h4to24: Number(b.h4to24), d1to3: Number(b.d1to3), gt3d: Number(b.gt3d) } })),
      agents: agentRows,
    };
  }

  /** One part of the report as CSV: UTF-8 with a byte-order mark, so Excel reads Korean correctly. */
  async csv(scope: Scope, kind: 'summary' | 'sla' | 'backlog' | 'agents', q: { from?: string; to?: string; teamId?: string }): Promise<{ filename: string; body: string }> {
    const r = await this.report(scope, q);
    const min = (ms: number | null) => (ms === null ? '' : (ms / 60_000).toFixed(1));
    let rows: Array<Array<string | number | null>>;
    switch (kind) {
      case 'summary':
        rows = [['metric', 'count', 'wall_median_min', 'wall_p90_min', 'business_median_min', 'business_p90_min']];
        for (const [name, d] of [
          ['first_response', r.firstResponse],
          ['resolution', r.resolution],
        ] as const)
          rows.push([name, d.count, min(d.wall.medianMs), min(d.wall.p90Ms), min(d.business.medianMs), min(d.business.p90Ms)]);
        break;
      case 'sla':
        rows = [['timer', 'met', 'breached', 'attainment'], ...r.sla.map((s) => [s.kind, s.met, s.breached, s.attainment === null ? '' : s.attainment.toFixed(3)])];
        break;
      case 'backlog':
        rows = [
          ['team', 'total', 'under_1h', '1h_to_4h', '4h_to_24h', '1d_to_3d', 'over_3d'],
          ...r.backlog.map((b) => [b.teamName ?? '(no team)', b.total, b.buckets.lt1h, b.buckets.h1to4, b.buckets.h4to24, b.buckets.d1to3, b.buckets.gt3d]),
        ];
        break;
      case 'agents':
        rows = [['agent', 'open', 'resolved', 'first_response_median_min'], ...r.agents.map((a) => [a.name ?? a.userId, a.open, a.resolved, min(a.firstResponseMedianMs)])];
        break;
    }
    const day = (s: string) => s.slice(0, 10);
    return { filename: `inbox-${kind}-${day(r.from)}-${day(r.to)}.csv`, body: `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n` };
  }
}

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
