/**
 * The active adaptation of each workspace, in memory, so ingest applies it without a query per item.
 * Loaded at start, reloaded for a workspace when `adaptation.changed` arrives (every process hears it),
 * and refreshed every minute as a safety net.
 */
import type { Kysely } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { decodeAdaptation, type Adaptation } from '../../nlp/index.js';
import type { AnalysisAdapter } from '../items/index.js';
import type { CorrectionsTables } from './corrections.tables.js';

export const ADAPTATION_CHANGED = 'adaptation.changed';

interface Active {
  id: string;
  version: number;
  model: Adaptation;
}

export class AdaptationRegistry {
  private readonly db: Kysely<CorrectionsTables>;
  private readonly active = new Map<string, Active>();

  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {
    this.db = tables<CorrectionsTables>(store);
  }

  /** The active version of a workspace (null: the base models alone). */
  get(workspaceId: string): { id: string; version: number; model: Adaptation } | null {
    return this.active.get(workspaceId) ?? null;
  }

  /** The ingest hook: applies the workspace's active adaptation, never throws. */
  adapter(): AnalysisAdapter {
    return (workspaceId, text, analysis) => {
      const a = this.active.get(workspaceId);
      if (!a) return null;
      try {
        return { analysis: a.model.apply(text, analysis), version: a.version };
      } catch (err) {
        this.log.warn({ err, workspaceId }, 'adaptation failed on an item; base analysis kept');
        return null;
      }
    };
  }

  /** Loads the active versions (of one workspace, or of all). */
  async load(workspaceId?: string): Promise<void> {
    let q = this.db.selectFrom('adaptation_state as s').leftJoin('adaptation_versions as v', 'v.id', 's.active_version_id').select(['s.workspace_id', 'v.id', 'v.version', 'v.weights']);
    if (workspaceId) q = q.where('s.workspace_id', '=', workspaceId);
    const rows = await q.execute();
    if (!workspaceId) this.active.clear();
    if (workspaceId && rows.length === 0) this.active.delete(workspaceId);
    for (const r of rows) {
      if (!r.id || r.weights === null || r.version === null) {
        this.active.delete(r.workspace_id);
        continue;
      }
      if (this.active.get(r.workspace_id)?.id === r.id) continue;
      try {
        this.active.set(r.workspace_id, { id: r.id, version: r.version, model: decodeAdaptation(Buffer.from(r.weights, 'base64')) });
      } catch (err) {
        this.log.error({ err, workspaceId: r.workspace_id, version: r.version }, 'adaptation could not be read; base models used');
        this.active.delete(r.workspace_id);
      }
    }
  }

  /** Tells every process that a workspace's active version changed. */
  async announce(workspaceId: string): Promise<void> {
    await this.load(workspaceId);
    await this.bus.publish(ADAPTATION_CHANGED, { workspaceId });
  }

  async watch(refreshMs = 60_000): Promise<Subscription> {
    const sub = await this.bus.subscribe<{ workspaceId: string }>(ADAPTATION_CHANGED, async (msg) => {
      await this.load(msg.data.workspaceId).catch((err) => this.log.warn({ err }, 'adaptation reload failed'));
    });
    const timer = setInterval(() => void this.load().catch((err) => this.log.warn({ err }, 'adaptation refresh failed')), refreshMs);
    timer.unref();
    return {
      async close() {
        clearInterval(timer);
        await sub.close();
      },
    };
  }
}
