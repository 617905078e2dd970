/** Monitoring queries: CRUD (validated with the parser, audited), sets, and backfill requests. */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { describeExpression } from './query-compile.js';
import { resolvePeriod } from './dashboard.build.js';
import type { BackfillRunner, BackfillView } from './backfill.runner.js';
import type { QueryListEntry, QuerySetView, QueryView } from '../../contracts/listening.js';

export type { QueryView };
import { DEFAULT_ALERT, UUID_RE, iso, type AlertSettings, type ListeningDb, type QueryKind, type QueryRow } from './listening.tables.js';

export interface QueryInput {
  name?: string;
  expression?: string;
  kind?: QueryKind;
  setId?: string | null;
  enabled?: boolean;
  alert?: Partial<AlertSettings>;
  backfillDays?: number;
}

export const alertOf = (q: Pick<QueryRow, 'alert'>): AlertSettings => ({ ...DEFAULT_ALERT, ...(q.alert ?? {}) });

export function presentQuery(q: QueryRow): QueryView {
  return {
    id: q.id,
    name: q.name,
    expression: q.expression,
    canonical: q.canonical,
    kind: q.kind,
    setId: q.set_id,
    enabled: q.enabled,
    alert: alertOf(q),
    revision: q.revision,
    historyFrom: iso(q.history_from)!,
    createdAt: iso(q.created_at)!,
    updatedAt: iso(q.updated_at)!,
  };
}

const DAY_MS = 86_400_000;
const MAX_QUERIES = 200;

export class QueriesService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly channelTypes: () => string[],
    private readonly backfills: BackfillRunner,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  validate(scope: Scope, expression: string) {
    assertCan(scope, 'listening.read');
    return { valid: true as const, ...describeExpression(expression, this.channelTypes()) };
  }

  async list(scope: Scope): Promise<QueryListEntry[]> {
    assertCan(scope, 'listening.read');
    const rows = await this.db.selectFrom('listening_queries').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at').orderBy('id').execute();
    // The same number the dashboard opens with: mentions over its default period (7 days), from the same rollups.
    const period = resolvePeriod({}, this.clock.now());
    const counts =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('listening_rollups_hourly')
            .select(['query_id', sql<string>`coalesce(sum(count), 0)::int8`.as('n')])
            .where('workspace_id', '=', scope.workspaceId)
            .where('bucket_hour', '>=', period.from)
            .where('bucket_hour', '<', period.to)
            .groupBy('query_id')
            .execute();
    const byQuery = new Map(counts.map((c) => [c.query_id, Number(c.n)]));
    return rows.map((r) => ({ ...presentQuery(r), mentions: { from: period.from.toISOString(), to: period.to.toISOString(), count: byQuery.get(r.id) ?? 0 } }));
  }

  async row(scope: Scope, id: string, db: Kysely<ListeningDb> = this.db): Promise<QueryRow> {
    const row = UUID_RE.test(id) ? await db.selectFrom('listening_queries').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('listening.query_not_found', 'No such monitoring query.');
    return row;
  }

  async get(scope: Scope, id: string): Promise<QueryView> {
    assertCan(scope, 'listening.read');
    return presentQuery(await this.row(scope, id));
  }

  async sets(scope: Scope): Promise<QuerySetView[]> {
    assertCan(scope, 'listening.read');
    const rows = await this.db.selectFrom('listening_queries').select(['id', 'name', 'kind', 'set_id']).where('workspace_id', '=', scope.workspaceId).where('set_id', 'is not', null).orderBy('set_id').orderBy('created_at').execute();
    const sets = new Map<string, Array<{ id: string; name: string; kind: QueryKind }>>();
    for (const r of rows) sets.set(r.set_id!, [...(sets.get(r.set_id!) ?? []), { id: r.id, name: r.name, kind: r.kind }]);
    return [...sets].map(([id, queries]) => ({ id, queries }));
  }

  private async checkChannels(scope: Scope, db: Kysely<ListeningDb>, alert: Partial<AlertSettings> | undefined): Promise<void> {
    const ids = alert?.channelIds ?? [];
    if (ids.length === 0) return;
    const found = ids.every((id) => UUID_RE.test(id)) ? await db.selectFrom('listening_notify_channels').select('id').where('workspace_id', '=', scope.workspaceId).where('id', 'in', ids).execute() : [];
    if (found.length !== new Set(ids).size) throw invalid('listening.unknown_channel', 'alert.channelIds names a notification channel that does not exist.', 'alert.channelIds');
  }

  async create(scope: Scope, input: QueryInput & { name: string; expression: string }): Promise<{ query: QueryView; backfill: BackfillView | null }> {
    assertCan(scope, 'listening.manage');
    const { canonical } = describeExpression(input.expression, this.channelTypes());
    const now = this.clock.now();
    const days = input.backfillDays ?? 30;
    const { row, job } = await this.db.transaction().execute(async (trx) => {
      const count = await trx
        .selectFrom('listening_queries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', scope.workspaceId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_QUERIES) throw conflict('listening.too_many_queries', `A workspace can have at most ${MAX_QUERIES} monitoring queries.`);
      await this.checkChannels(scope, trx, input.alert);
      const row: QueryRow = {
        id: crypto.randomUUID(),
        workspace_id: scope.workspaceId,
        name: input.name.trim(),
        expression: input.expression,
        canonical,
        kind: input.kind ?? 'brand',
        set_id: input.setId ?? null,
        enabled: input.enabled ?? true,
        alert: { ...DEFAULT_ALERT, ...(input.alert ?? {}) },
        revision: 1,
        history_from: now,
        created_at: now,
        updated_at: now,
      };
      await trx
        .insertInto('listening_queries')
        .values({ ...row, alert: jsonParam(row.alert) })
        .execute();
      const job = days > 0 ? await this.backfills.enqueue(trx, row, new Date(now.getTime() - days * DAY_MS), now, scope.actor.label) : null;
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.query_created', targetType: 'listening_query', targetId: row.id, after: presentQuery(row), at: now });
      return { row, job };
    });
    if (job) this.backfills.kick(job.id);
    return { query: presentQuery(row), backfill: job ? this.backfills.present(job) : null };
  }

  async update(scope: Scope, id: string, input: QueryInput): Promise<{ query: QueryView; backfill: BackfillView | null }> {
    assertCan(scope, 'listening.manage');
    const described = input.expression !== undefined ? describeExpression(input.expression, this.channelTypes()) : null;
    const now = this.clock.now();
    const { row, job } = await this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      await trx.selectFrom('listening_queries').select('id').where('id', '=', before.id).forUpdate().execute();
      await this.checkChannels(scope, trx, input.alert);
      const rebuild = described !== null && input.expression !== before.expression;
      const row: QueryRow = {
        ...before,
        name: input.name?.trim() ?? before.name,
        expression: input.expression ?? before.expression,
        canonical: described?.canonical ?? before.canonical,
        kind: input.kind ?? before.kind,
        set_id: input.setId === undefined ? before.set_id : input.setId,
        enabled: input.enabled ?? before.enabled,
        alert: { ...alertOf(before), ...(input.alert ?? {}) },
        revision: rebuild ? before.revision + 1 : before.revision,
        history_from: rebuild ? now : before.history_from,
        updated_at: now,
      };
      if (rebuild) {
        // Old matches and their rollups no longer describe the query: drop them, then rebuild by backfill.
        for (const t of ['query_matches', 'listening_rollups_hourly', 'listening_keywords_daily', 'listening_authors_daily'] as const) {
          await trx.deleteFrom(t).where('query_id', '=', before.id).execute();
        }
        await trx.updateTable('listening_backfills').set({ status: 'cancelled', finished_at: now, error: 'the query changed' }).where('query_id', '=', before.id).where('status', 'in', ['queued', 'running']).execute();
      }
      await trx
        .updateTable('listening_queries')
        .set({ ...row, alert: jsonParam(row.alert) })
        .where('id', '=', before.id)
        .execute();
      const job = rebuild ? await this.backfills.enqueue(trx, row, new Date(now.getTime() - 30 * DAY_MS), now, scope.actor.label) : null;
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.query_updated', targetType: 'listening_query', targetId: row.id, before: presentQuery(before), after: presentQuery(row), at: now });
      return { row, job };
    });
    if (job) this.backfills.kick(job.id);
    return { query: presentQuery(row), backfill: job ? this.backfills.present(job) : null };
  }

  async remove(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'listening.manage');
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      await trx.deleteFrom('listening_queries').where('id', '=', before.id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.query_deleted', targetType: 'listening_query', targetId: before.id, before: presentQuery(before), at: this.clock.now() });
    });
  }

  async requestBackfill(scope: Scope, id: string, range: { from?: string; to?: string }): Promise<BackfillView> {
    assertCan(scope, 'listening.manage');
    const now = this.clock.now();
    const to = range.to ? new Date(range.to) : now;
    const from = range.from ? new Date(range.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (!(from < to)) throw invalid('listening.bad_range', '`from` must be before `to`.', 'from');
    if (to.getTime() - from.getTime() > 3 * 366 * DAY_MS) throw invalid('listening.bad_range', 'A backfill covers at most three years.', 'from');
    const job = await this.db.transaction().execute(async (trx) => {
      const q = await this.row(scope, id, trx);
      const job = await this.backfills.enqueue(trx, q, from, to, scope.actor.label);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'listening.backfill_requested',
        targetType: 'listening_query',
        targetId: q.id,
        after: { backfillId: job.id, from: from.toISOString(), to: to.toISOString() },
        at: now,
      });
      return job;
    });
    this.backfills.kick(job.id);
    return this.backfills.present(job);
  }

  async listBackfills(scope: Scope, id: string): Promise<BackfillView[]> {
    assertCan(scope, 'listening.read');
    const q = await this.row(scope, id);
    const rows = await this.db.selectFrom('listening_backfills').selectAll().where('query_id', '=', q.id).orderBy('created_at', 'desc').limit(50).execute();
    return rows.map((r) => this.backfills.present(r));
  }

  async getBackfill(scope: Scope, id: string): Promise<BackfillView> {
    assertCan(scope, 'listening.read');
    const row = UUID_RE.test(id) ? await this.db.selectFrom('listening_backfills').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('listening.backfill_not_found', 'No such backfill.');
    return this.backfills.present(row);
  }
}
