/**
 * The worker side of adaptation: learns a workspace's new version from its corrections (with k-fold
 * before/after figures and the not-worse rule), and re-scores its recent items when the active version
 * changes. Not scoped: it is the background's side; what it changes is audited as the system.
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { systemActor } from '../../platform/actor.js';
import type { Analyzer } from '../../nlp/index.js';
import { crossValidate, encodeAdaptation, judge, trainAdaptation as train, type AdaptationExample as Example } from '../../nlp/index.js';
import type { CorrectionTask } from '../../nlp/index.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { INGESTED_SUBJECT } from '../items/index.js';
import { analysedText, changedRef, lockItems, recentItems, writeAnalysis } from '../items/index.js';
import { applyCorrection, replaceModelParts } from './overlay.js';
import type { AdaptationRegistry } from './adaptation.registry.js';
import { claim, fail, finish, schedule, type Job } from './adaptation.jobs.js';
import type { CorrectionRow, CorrectionsTables } from './corrections.tables.js';

export const ADAPT_JOB = 'corrections.adapt_due';
const CHUNK = 200;
/** At most this many corrections (the latest) go into one version. */
const MAX_EXAMPLES = 20_000;
/** One job delivery works for about this long. */
const BUDGET_MS = 20_000;

export interface RunnerOptions {
  /** Items received within this many days are re-scored when the active version changes. */
  rescoreDays: number;
  /** At most this many of them (the newest). */
  rescoreMax: number;
}

/** The latest correction per item and task, as the marks and labels to write over an analysis. */
export function latestPerTask(rows: CorrectionRow[]): Map<string, CorrectionRow[]> {
  const byItem = new Map<string, Map<CorrectionTask, CorrectionRow>>();
  for (const r of rows) {
    const m = byItem.get(r.item_id) ?? byItem.set(r.item_id, new Map()).get(r.item_id)!;
    const prev = m.get(r.task);
    if (!prev || new Date(prev.created_at) <= new Date(r.created_at)) m.set(r.task, r);
  }
  return new Map([...byItem].map(([id, m]) => [id, [...m.values()]]));
}

export function overlayCorrections(analysis: unknown, rows: CorrectionRow[]): unknown {
  let a = analysis;
  for (const r of [...rows].sort((x, y) => new Date(x.created_at).getTime() - new Date(y.created_at).getTime())) {
    a = applyCorrection(a, r.task, r.new_label, { by: r.actor_name ?? r.actor_label, at: new Date(r.created_at).toISOString(), was: r.old_label });
  }
  return a;
}

export class AdaptationRunner {
  private readonly db: Kysely<CorrectionsTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly analyzer: Analyzer,
    private readonly registry: AdaptationRegistry,
    private readonly opts: RunnerOptions,
  ) {
    this.db = tables<CorrectionsTables>(store);
  }

  /** The recurring job: works due jobs until none is left or the budget is spent. */
  async runDue(budgetMs = BUDGET_MS): Promise<number> {
    const started = Date.now();
    let done = 0;
    while (Date.now() - started < budgetMs) {
      const job = await claim(this.db, this.clock.now());
      if (!job) break;
      try {
        if (job.kind === 'train') await this.learn(job.workspace_id);
        else await this.rescore(job.workspace_id);
        await finish(this.db, job);
      } catch (err) {
        this.log.error({ err, workspaceId: job.workspace_id, kind: job.kind }, 'adaptation job failed');
        await fail(this.db, job as Job, (err as Error).message, this.clock.now());
      }
      done++;
    }
    return done;
  }

  /** The examples of a workspace: one per corrected item, with the latest label per task and the base analysis of its text. */
  async examples(workspaceId: string): Promise<Example[]> {
    const rows = await this.db
      .selectFrom('analysis_corrections')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .limit(MAX_EXAMPLES * 2)
      .execute();
    const latest = latestPerTask(rows);
    const out: Example[] = [];
    // A stable order (by item id) so folds do not depend on when corrections were made.
    for (const id of [...latest.keys()].sort().slice(0, MAX_EXAMPLES)) {
      const list = latest.get(id)!;
      const text = list[0]!.text;
      out.push({ text, base: this.analyzer.analyze(text), labels: Object.fromEntries(list.map((r) => [r.task, r.new_label])) });
    }
    return out;
  }

  /** Learns, measures and stores a new version; activates it when its held-out figures are not worse. */
  async learn(workspaceId: string): Promise<{ version: number; accepted: boolean; reason: string | null }> {
    const examples = await this.examples(workspaceId);
    const cv = crossValidate(examples, 5);
    const verdict = judge(cv);
    const model = train(examples);
    const bytes = encodeAdaptation(model);
    const now = this.clock.now();
    const reason = verdict.ok ? null : verdict.reason;
    const result = await this.db.transaction().execute(async (trx) => {
      // One version number at a time per workspace: the state row is the lock.
      await trx
        .insertInto('adaptation_state')
        .values({ workspace_id: workspaceId, active_version_id: null, changed_at: now })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      const state = await trx.selectFrom('adaptation_state').selectAll().where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
      const last = await trx.selectFrom('adaptation_versions').select(sql<number>`coalesce(max(version), 0)`.as('v')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
      const version = Number(last.v) + 1;
      const id = crypto.randomUUID();
      await trx
        .insertInto('adaptation_versions')
        .values({
          id,
          workspace_id: workspaceId,
          version,
          weights: Buffer.from(bytes).toString('base64'),
          weights_bytes: bytes.length,
          corrections: examples.length,
          folds: cv.folds,
          before: jsonParam(cv.before),
          after: jsonParam(cv.after),
          accepted: verdict.ok,
          reason,
          created_at: now,
        })
        .execute();
      const summary = { version, corrections: examples.length, folds: cv.folds, before: cv.before, after: cv.after };
      if (verdict.ok) {
        const prev = state.active_version_id ? await trx.selectFrom('adaptation_versions').select('version').where('id', '=', state.active_version_id).executeTakeFirst() : undefined;
        await trx.updateTable('adaptation_state').set({ active_version_id: id, changed_at: now }).where('workspace_id', '=', workspaceId).execute();
        await appendAudit(trx, { workspaceId, actor: systemActor, action: 'adaptation.activated', targetType: 'adaptation_version', targetId: id, before: { version: prev?.version ?? null }, after: summary, at: now });
        await schedule(trx, workspaceId, 'rescore', now);
      } else {
        await appendAudit(trx, { workspaceId, actor: systemActor, action: 'adaptation.kept_inactive', targetType: 'adaptation_version', targetId: id, after: { ...summary, reason }, at: now });
      }
      return { version, accepted: verdict.ok, reason };
    });
    if (result.accepted) await this.registry.announce(workspaceId);
    this.log.info({ workspaceId, ...result, corrections: examples.length }, 'adaptation learned');
    return result;
  }

  /**
   * Re-scores the workspace's recent items under its active version (or the base models when none):
   * the model's labels are replaced, a person's corrections are written over them again.
   */
  async rescore(workspaceId: string): Promise<number> {
    await this.registry.load(workspaceId);
    const active = this.registry.get(workspaceId);
    const since = new Date(this.clock.now().getTime() - this.opts.rescoreDays * 86_400_000);
    const items = this.db;
    let cursor: { at: Date; id: string } | undefined;
    let done = 0;
    while (done < this.opts.rescoreMax) {
      const page = await recentItems(items, workspaceId, since, Math.min(CHUNK, this.opts.rescoreMax - done), cursor);
      if (page.length === 0) break;
      const last = page[page.length - 1]!;
      cursor = { at: last.received_at, id: last.id };
      const fresh = new Map(
        page.map((i) => {
          const text = analysedText(i);
          const base = this.analyzer.analyze(text);
          return [i.id, active ? active.model.apply(text, base) : base] as const;
        }),
      );
      const changed = await this.db.transaction().execute(async (trx) => {
        const locked = await lockItems(
          trx,
          workspaceId,
          page.map((i) => i.id),
        );
        const corrections = await trx
          .selectFrom('analysis_corrections')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where(
            'item_id',
            'in',
            page.map((i) => i.id),
          )
          .execute();
        const byItem = latestPerTask(corrections);
        const refs = [];
        for (const item of locked) {
          const f = fresh.get(item.id)!;
          const next = overlayCorrections(replaceModelParts(item.analysis, f, active ? { version: active.version } : null), byItem.get(item.id) ?? []);
          if (JSON.stringify(next) === JSON.stringify(item.analysis)) continue;
          await writeAnalysis(trx, workspaceId, item.id, next);
          refs.push(changedRef(workspaceId, item));
        }
        return refs;
      });
      if (changed.length) await this.bus.publish(INGESTED_SUBJECT, { workspaceId, items: changed }, { id: `rescored:${crypto.randomUUID()}` });
      done += page.length;
      if (page.length < CHUNK) break;
    }
    return done;
  }
}
