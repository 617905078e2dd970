/**
 * The live side: a worker consumer of `item.ingested` on its own durable queue. For each batch it
 * loads the workspace's enabled queries (compiled once per revision), matches the new or changed items
 * and writes matches and rollups in one transaction. Redelivery is harmless (reconcile is idempotent).
 */
import type { Kysely } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { INGESTED_SUBJECT, type IngestedBatch } from '../items/index.js';
import { countReposts, loadItems, mentionedHandles, reconcile, type CompiledQuery } from './matching.js';
import type { CompiledQueries } from './query-compile.js';
import type { ListeningDb } from './listening.tables.js';

export const LISTENING_QUEUE = 'listening';
const CHUNK = 200;

export class MatcherConsumer {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly compiled: CompiledQueries,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  /** Matches one batch; returns how many matches were added. */
  async handle(batch: IngestedBatch): Promise<number> {
    const ids = [...new Set(batch.items.map((i) => i.id))];
    let added = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      added += await this.db.transaction().execute(async (trx) => {
        // FOR SHARE: an expression change (which wipes the query's matches) waits for this batch, or this batch sees it.
        const qs = await trx.selectFrom('listening_queries').select(['id', 'revision', 'expression']).where('workspace_id', '=', batch.workspaceId).where('enabled', '=', true).orderBy('id').forShare().execute();
        const items = await loadItems(trx, chunk);
        let n = 0;
        if (qs.length > 0) {
          const queries: CompiledQuery[] = qs.flatMap((q) => {
            const c = this.compiled.get(q);
            return c ? [{ id: q.id, predicate: c.predicate }] : [];
          });
          const existing = await trx
            .selectFrom('query_matches')
            .selectAll()
            .where('item_id', 'in', chunk)
            .where(
              'query_id',
              'in',
              qs.map((q) => q.id),
            )
            .execute();
          n = (await reconcile(trx, items, queries, existing, await mentionedHandles(trx, chunk))).added;
        }
        await countReposts(trx, items);
        return n;
      });
    }
    return added;
  }

  work(): Promise<Subscription> {
    return this.bus.consume<IngestedBatch>(LISTENING_QUEUE, [INGESTED_SUBJECT], async (msg) => void (await this.handle(msg.data)), {
      concurrency: 2,
      maxDeliver: 8,
      ackWaitMs: 60_000,
      onDeadLetter: (msg, error) => this.log.error({ err: error, id: msg.id }, 'listening: a batch could not be matched'),
    });
  }
}
