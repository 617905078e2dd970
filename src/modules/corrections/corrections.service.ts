/**
 * A person's correction of the text analytics on one item: stored (who, when, item, task, old and new
 * label, the stored text), written over the item's analysis, audited in the same transaction, and a
 * new adaptation scheduled (debounced). Listed and exported as labelled TSV.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit } from '../audit/index.js';
import { INGESTED_SUBJECT } from '../items/index.js';
import { canonicalLabel, isCorrectionTask, CORRECTION_TASKS } from '../../nlp/index.js';
import { analysedText, changedRef, lockItems, writeAnalysis } from '../items/index.js';
import { applyCorrection, storedLabel } from './overlay.js';
import { schedule } from './adaptation.jobs.js';
import type { CorrectionRow, CorrectionsTables } from './corrections.tables.js';
import type { CorrectionView } from '../../contracts/corrections.js';

export type { CorrectionView };

const present = (r: CorrectionRow): CorrectionView => ({
  id: r.id,
  itemId: r.item_id,
  task: r.task,
  oldLabel: r.old_label,
  newLabel: r.new_label,
  text: r.text,
  by: r.actor_name ?? r.actor_label,
  at: new Date(r.created_at).toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One TSV field: tabs and line breaks become spaces. */
const field = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

export class CorrectionsService {
  private readonly db: Kysely<CorrectionsTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly bus: Bus,
    /** How long after the last correction a new version is learned (debounce). */
    private readonly delayMs: number,
  ) {
    this.db = tables<CorrectionsTables>(store);
  }

  async correct(scope: Scope, itemId: string, input: { task: string; label: string }): Promise<{ correction: CorrectionView; analysis: unknown }> {
    assertCan(scope, 'analysis.correct');
    if (!isCorrectionTask(input.task)) throw invalid('correction.bad_task', `task must be one of ${CORRECTION_TASKS.join(', ')}.`, 'task');
    const task = input.task;
    const label = typeof input.label === 'string' ? canonicalLabel(task, input.label) : null;
    if (label === null) throw invalid('correction.bad_label', `"${String(input.label).slice(0, 60)}" is not a ${task} label.`, 'label');
    if (!UUID.test(itemId)) throw notFound('item.not_found', 'No such item.');
    const now = this.clock.now();
    const ws = scope.workspaceId;
    const done = await this.db.transaction().execute(async (trx) => {
      const [item] = await lockItems(trx, ws, [itemId]);
      if (!item) throw notFound('item.not_found', 'No such item.');
      const name = scope.actor.userId ? ((await trx.selectFrom('users').select('name').where('id', '=', scope.actor.userId).executeTakeFirst())?.name ?? null) : null;
      const old = storedLabel(item.analysis, task);
      const row: CorrectionRow = {
        id: crypto.randomUUID(),
        workspace_id: ws,
        item_id: item.id,
        task,
        old_label: old,
        new_label: label,
        text: analysedText(item),
        lang: item.lang,
        actor_id: scope.actor.userId,
        actor_label: scope.actor.label,
        actor_name: name,
        created_at: now,
      };
      await trx.insertInto('analysis_corrections').values(row).execute();
      const analysis = applyCorrection(item.analysis, task, label, { by: name ?? scope.actor.label, at: now.toISOString(), was: old });
      await writeAnalysis(trx, ws, item.id, analysis);
      await appendAudit(trx, { workspaceId: ws, actor: scope.actor, action: 'analysis.corrected', targetType: 'item', targetId: item.id, before: { task, label: old }, after: { task, label }, at: now });
      await schedule(trx, ws, 'train', new Date(now.getTime() + this.delayMs));
      return { row, analysis, ref: changedRef(ws, item) };
    });
    // Dashboards, filters and the live stream pick up the new label (listening reconciles its rollups).
    await this.bus.publish(INGESTED_SUBJECT, { workspaceId: ws, items: [done.ref] }, { id: `corrected:${done.row.id}` });
    return { correction: present(done.row), analysis: done.analysis };
  }

  async list(scope: Scope, f: { limit: number; before?: string; itemId?: string }): Promise<{ corrections: CorrectionView[]; nextBefore: string | null; total: number }> {
    assertCan(scope, 'analysis.correct');
    let q = this.db.selectFrom('analysis_corrections').selectAll().where('workspace_id', '=', scope.workspaceId);
    if (f.itemId) q = q.where('item_id', '=', f.itemId);
    if (f.before) {
      const at = new Date(f.before);
      if (Number.isNaN(at.getTime())) throw invalid('validation', 'before is not a time.', 'before');
      q = q.where('created_at', '<', at);
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
    const total = await this.db
      .selectFrom('analysis_corrections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', scope.workspaceId)
      .executeTakeFirstOrThrow();
    const page = rows.slice(0, f.limit).map(present);
    return { corrections: page, nextBefore: rows.length > f.limit ? page[page.length - 1]!.at : null, total: Number(total.n) };
  }

  /** Labelled TSV `id text task label`: the latest label per item and task (the item's id). */
  async exportTsv(scope: Scope): Promise<string> {
    assertCan(scope, 'analysis.correct');
    const rows = await this.db.selectFrom('analysis_corrections').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'asc').execute();
    const latest = new Map<string, CorrectionRow>();
    for (const r of rows) latest.set(`${r.item_id}\u0000${r.task}`, r);
    const lines = ['id\ttext\ttask\tlabel'];
    for (const r of [...latest.values()].sort((a, b) => (a.item_id === b.item_id ? CORRECTION_TASKS.indexOf(a.task) - CORRECTION_TASKS.indexOf(b.task) : a.item_id < b.item_id ? -1 : 1))) {
      lines.push([r.item_id, field(r.text), r.task, r.new_label].join('\t'));
    }
    return `${lines.join('\n')}\n`;
  }
}
