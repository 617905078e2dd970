/** The admin's side of adaptation: the versions with their figures, activation and roll-back (audited). */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit } from '../audit/index.js';
import type { Figures } from '../../nlp/index.js';
import type { AdaptationRegistry } from './adaptation.registry.js';
import { schedule } from './adaptation.jobs.js';
import type { CorrectionsTables, VersionRow } from './corrections.tables.js';
import type { AdaptationView, VersionView } from '../../contracts/corrections.js';

export type { AdaptationView, VersionView };

export class AdaptationService {
  private readonly db: Kysely<CorrectionsTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly registry: AdaptationRegistry,
  ) {
    this.db = tables<CorrectionsTables>(store);
  }

  async view(scope: Scope): Promise<AdaptationView> {
    assertCan(scope, 'settings.manage');
    const ws = scope.workspaceId;
    const state = await this.db.selectFrom('adaptation_state').selectAll().where('workspace_id', '=', ws).executeTakeFirst();
    const rows = await this.db
      .selectFrom('adaptation_versions')
      .select(['id', 'version', 'corrections', 'folds', 'before', 'after', 'accepted', 'reason', 'weights_bytes', 'created_at'])
      .where('workspace_id', '=', ws)
      .orderBy('version', 'desc')
      .limit(200)
      .execute();
    const n = await this.db
      .selectFrom('analysis_corrections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    const jobs = await this.db.selectFrom('adaptation_jobs').select(['kind', 'due_at']).where('workspace_id', '=', ws).execute();
    const due = (k: string) => {
      const j = jobs.find((x) => x.kind === k);
      return j ? new Date(j.due_at).toISOString() : null;
    };
    const versions = rows.map(
      (r): VersionView => ({
        id: r.id,
        version: r.version,
        corrections: r.corrections,
        folds: r.folds,
        before: r.before as Figures,
        after: r.after as Figures,
        accepted: r.accepted,
        reason: r.reason,
        active: r.id === state?.active_version_id,
        bytes: r.weights_bytes,
        createdAt: new Date(r.created_at).toISOString(),
      }),
    );
    return { activeVersion: versions.find((v) => v.active)?.version ?? null, versions, corrections: Number(n.n), pending: { train: due('train'), rescore: due('rescore') } };
  }

  /** Makes a version the active one (or none: the base models alone); recent items are re-scored. */
  async activate(scope: Scope, versionId: string | null): Promise<AdaptationView> {
    assertCan(scope, 'settings.manage');
    const ws = scope.workspaceId;
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      let target: Pick<VersionRow, 'id' | 'version'> | undefined;
      if (versionId !== null) {
        target = /^[0-9a-f-]{36}$/i.test(versionId) ? await trx.selectFrom('adaptation_versions').select(['id', 'version']).where('workspace_id', '=', ws).where('id', '=', versionId).executeTakeFirst() : undefined;
        if (!target) throw notFound('adaptation.version_not_found', 'No such adaptation version.');
      }
      await trx
        .insertInto('adaptation_state')
        .values({ workspace_id: ws, active_version_id: null, changed_at: now })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      const state = await trx.selectFrom('adaptation_state').selectAll().where('workspace_id', '=', ws).forUpdate().executeTakeFirstOrThrow();
      const prev = state.active_version_id ? await trx.selectFrom('adaptation_versions').select('version').where('id', '=', state.active_version_id).executeTakeFirst() : undefined;
      await trx
        .updateTable('adaptation_state')
        .set({ active_version_id: target?.id ?? null, changed_at: now })
        .where('workspace_id', '=', ws)
        .execute();
      const rollback = !target || (prev !== undefined && target.version < prev.version);
      await appendAudit(trx, {
        workspaceId: ws,
        actor: scope.actor,
        action: rollback ? 'adaptation.rolled_back' : 'adaptation.activated',
        targetType: 'adaptation_version',
        ...(target ? { targetId: target.id } : {}),
        before: { version: prev?.version ?? null },
        after: { version: target?.version ?? null },
        at: now,
      });
      await schedule(trx, ws, 'rescore', now);
    });
    await this.registry.announce(ws);
    return this.view(scope);
  }

  /** Learns a new version now instead of after the delay. */
  async trainNow(scope: Scope): Promise<AdaptationView> {
    assertCan(scope, 'settings.manage');
    await schedule(this.db, scope.workspaceId, 'train', this.clock.now());
    return this.view(scope);
  }
}
