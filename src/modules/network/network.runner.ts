import crypto from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { JOB_SUBJECT } from '../../platform/scheduler/scheduler.js';
import { jsonParam } from '../audit/index.js';
import { computeDegrees, computeFull, type RunOutcome } from './network.compute.js';
import type { NetworkTables, RunMode, RunRow, RunTrigger } from './network.tables.js';
import { DEFAULT_SLICES, DEFAULT_WEIGHTS, interactionsFrom, isDefaultSlice, itemsWhere, sliceKey, windowDay, windowStart, type InteractionWeights, type SliceParams } from './slice.js';

/** Recurring job: finds slices whose inputs changed and queues runs for them, then works the queue. */
export const SCHEDULE_JOB = 'network.schedule';
/** Recurring (and published on each request): works queued runs. Both run on the worker role. */
export const RUN_QUEUED_JOB = 'network.run_queued';

/** Bumped when the computation changes, so every slice is recomputed once after an upgrade. */
const ALGORITHM_VERSION = 1;
/** A scheduled change becomes a degree-only run while the last full run is younger than this… */
const FULL_AFTER_MS = 60 * 60_000;
/** …and the slice grew by at most this share of interactions since it. */
const DEGREES_MAX_GROWTH = 0.1;
/** A run still "running" after this long lost its worker. */
const STALE_MS = 60 * 60_000;
/** Slices asked for on demand (a topic, a channel) are dropped a week after they were computed. */
const CUSTOM_SLICE_TTL_MS = 7 * 86_400_000;
const RUN_HISTORY_MS = 30 * 86_400_000;
/** One job delivery works runs for about this long, then hands the rest to the next delivery. */
const DRAIN_BUDGET_MS = 20_000;

const WORKER_ID = `${os.hostname()}:${process.pid}`;

export interface Fingerprint {
  hash: string;
  interactions: number;
  items: number;
}

export async function readWeights(db: Kysely<NetworkTables>, workspaceId: string): Promise<InteractionWeights> {
  const row = await db.selectFrom('network_settings').select('weights').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return { ...DEFAULT_WEIGHTS, ...(row?.weights ?? {}) };
}

/** Queues, schedules and executes network runs. Not scoped: it is the worker's side. */
export class NetworkRunner {
  private readonly db: Kysely<NetworkTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {
    this.db = tables<NetworkTables>(store);
  }

  /** What the slice's inputs look like now: counts and latest times of its interactions, items and authors. */
  async fingerprint(workspaceId: string, s: SliceParams, weights: InteractionWeights, db: Kysely<NetworkTables> = this.db): Promise<Fingerprint> {
    const now = this.clock.now();
    const from = windowStart(s.period, now);
    const i = (await sql<{ n: number; last: Date | null }>`select count(*)::int8 as n, max(x.at) as last ${interactionsFrom(workspaceId, s, from)}`.execute(db)).rows[0]!;
    const it = (await sql<{ n: number; last: Date | null; v: number }>`select count(*)::int8 as n, max(i.received_at) as last, coalesce(sum(i.version), 0)::int8 as v from items i where ${itemsWhere(workspaceId, s, from)}`.execute(db))
      .rows[0]!;
    const au = (await sql<{ n: number; seen: Date | null }>`select count(*)::int8 as n, max(last_seen_at) as seen from authors where workspace_id = ${workspaceId}`.execute(db)).rows[0]!;
    const basis = { v: ALGORITHM_VERSION, weights, window: windowDay(s.period, now), i, it, au };
    return { hash: crypto.createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 32), interactions: Number(i.n), items: Number(it.n) };
  }

  /** The slice's queued or running run, else a new queued one (`created`). A request upgrades a queued degree run. */
  async enqueue(db: Kysely<NetworkTables>, workspaceId: string, s: SliceParams, opts: { trigger: RunTrigger; mode: RunMode; force?: boolean; requestedBy?: string | null }): Promise<{ run: RunRow; created: boolean }> {
    const period = sliceKey(s);
    const active = () => db.selectFrom('network_runs').selectAll().where('workspace_id', '=', workspaceId).where('period', '=', period).where('status', 'in', ['queued', 'running']).executeTakeFirst();
    const existing = await active();
    if (existing) {
      if (existing.status === 'queued' && opts.mode === 'full' && (existing.mode !== 'full' || (opts.force && !existing.force))) {
        const run = await db
          .updateTable('network_runs')
          .set({ mode: 'full', force: existing.force || !!opts.force })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { run, created: false };
      }
      return { run: existing, created: false };
    }
    const inserted = await db
      .insertInto('network_runs')
      .values({
        id: crypto.randomUUID(),
        workspace_id: workspaceId,
        period,
        params: jsonParam(s),
        status: 'queued',
        mode: opts.mode,
        trigger: opts.trigger,
        force: !!opts.force,
        requested_by: opts.requestedBy ?? null,
        queued_at: this.clock.now(),
        started_at: null,
        finished_at: null,
        worker: null,
        fingerprint: null,
        interactions: null,
        nodes: null,
        edges: null,
        modularity: null,
        communities: null,
        community_sizes: null,
        betweenness: null,
        pagerank: null,
        cascades: null,
        seconds: null,
        error: null,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { run: inserted, created: true };
    const raced = await active();
    if (!raced) throw new Error(`network run for ${period} neither inserted nor found`);
    return { run: raced, created: false };
  }

  /** Asks a worker to work the queue now (the job mechanism: any worker process takes it). */
  async kick(reason: string): Promise<void> {
    await this.bus.publish(JOB_SUBJECT, { name: RUN_QUEUED_JOB }, { id: `${RUN_QUEUED_JOB}@${reason}` });
  }

  private latest(workspaceId: string, period: string, mode?: RunMode) {
    let q = this.db.selectFrom('network_runs').selectAll().where('workspace_id', '=', workspaceId).where('period', '=', period).where('status', '=', 'succeeded');
    if (mode) q = q.where('mode', '=', mode);
    return q.orderBy('finished_at', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * The recurring check: for every workspace and default slice whose fingerprint moved since its last run, a
   * run is queued — degree-only while the last full run is recent and the graph grew little, full otherwise.
   */
  async scheduleDue(): Promise<number> {
    const now = this.clock.now();
    await this.cleanUp(now);
    let queued = 0;
    const workspaces = await this.db.selectFrom('workspaces').select('id').execute();
    for (const { id: ws } of workspaces) {
      const weights = await readWeights(this.db, ws);
      for (const s of DEFAULT_SLICES) {
        const period = sliceKey(s);
        const fp = await this.fingerprint(ws, s, weights);
        const [latest, lastFull] = [await this.latest(ws, period), await this.latest(ws, period, 'full')];
        if (!latest && fp.interactions === 0 && fp.items === 0) continue;
        let mode: RunMode | null = null;
        const recentFull = !!lastFull?.finished_at && now.getTime() - new Date(lastFull.finished_at).getTime() < FULL_AFTER_MS;
        if (!latest || !lastFull) mode = 'full';
        else if (latest.fingerprint !== fp.hash) {
          const grew = fp.interactions - (lastFull.interactions ?? 0);
          mode = recentFull && grew <= DEGREES_MAX_GROWTH * Math.max(lastFull.interactions ?? 0, 1) ? 'degrees' : 'full';
        } else if (lastFull.fingerprint !== fp.hash && !recentFull) mode = 'full';
        if (!mode) continue;
        if ((await this.enqueue(this.db, ws, s, { trigger: 'schedule', mode })).created) queued++;
      }
    }
    return queued;
  }

  /** The recurring job: queue what changed, then work the queue. */
  async scheduled(): Promise<void> {
    await this.scheduleDue();
    await this.drain();
  }

  private async cleanUp(now: Date): Promise<void> {
    const stale = await this.db
      .updateTable('network_runs')
      .set({ status: 'failed', finished_at: now, error: 'abandoned: the worker running it stopped before it finished' })
      .where('status', '=', 'running')
      .where('started_at', '<', new Date(now.getTime() - STALE_MS))
      .returning('id')
      .execute();
    if (stale.length) this.log.warn({ runs: stale.map((r) => r.id) }, 'network runs abandoned by their worker');
    const old = new Date(now.getTime() - CUSTOM_SLICE_TTL_MS);
    const custom = await this.db.selectFrom('author_metrics').select('period').distinct().where('computed_at', '<', old).execute();
    for (const { period } of custom.filter((c) => !isDefaultSlice(c.period))) {
      await this.db.deleteFrom('author_metrics').where('period', '=', period).where('computed_at', '<', old).execute();
      await this.db.deleteFrom('network_cascades').where('period', '=', period).where('computed_at', '<', old).execute();
    }
    await this.db
      .deleteFrom('network_runs')
      .where('finished_at', '<', new Date(now.getTime() - RUN_HISTORY_MS))
      .execute();
  }

  /** Works queued runs one at a time (claimed with SKIP LOCKED, so workers never share one). */
  async drain(budgetMs = DRAIN_BUDGET_MS): Promise<number> {
    const started = Date.now();
    let done = 0;
    for (;;) {
      if (Date.now() - started > budgetMs) {
        await this.kick(`more:${crypto.randomUUID()}`);
        return done;
      }
      const run = await this.claim();
      if (!run) return done;
      await this.execute(run);
      done++;
    }
  }

  private claim(): Promise<RunRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const next = await trx.selectFrom('network_runs').select('id').where('status', '=', 'queued').orderBy('queued_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
      if (!next) return undefined;
      return trx.updateTable('network_runs').set({ status: 'running', started_at: this.clock.now(), worker: WORKER_ID }).where('id', '=', next.id).returningAll().executeTakeFirstOrThrow();
    });
  }

  /** Runs one claimed run to its end state; failures are recorded on the run, never thrown. */
  async execute(run: RunRow): Promise<RunRow> {
    const ws = run.workspace_id;
    try {
      const weights = await readWeights(this.db, ws);
      const fp = await this.fingerprint(ws, run.params, weights);
      if (!run.force) {
        const previous = await this.latest(ws, run.period, run.mode === 'full' ? 'full' : undefined);
        if (previous?.fingerprint === fp.hash) return await this.finish(run, 'skipped', { fingerprint: fp.hash, interactions: fp.interactions });
      }
      const now = this.clock.now();
      const outcome: RunOutcome = run.mode === 'full' ? await computeFull(this.db, run, weights, now) : await computeDegrees(this.db, run, weights, now);
      return await this.finish(run, 'succeeded', { ...outcome, fingerprint: fp.hash });
    } catch (err) {
      this.log.error({ err, run: run.id, workspaceId: ws }, 'network run failed');
      return this.finish(run, 'failed', { error: (err as Error).message.slice(0, 1000) });
    }
  }

  private finish(run: RunRow, status: 'succeeded' | 'skipped' | 'failed', patch: Partial<RunRow>): Promise<RunRow> {
    return this.db
      .updateTable('network_runs')
      .set({ ...patch, status, finished_at: this.clock.now() })
      .where('id', '=', run.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
