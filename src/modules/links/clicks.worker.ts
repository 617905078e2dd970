import type { Kysely } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Logger } from '../../platform/log/log.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { Batcher } from '../../platform/batcher.js';
import type { LinksTables } from './links.tables.js';
import { CLICKS_QUEUE, LINK_CLICKED, type LinkClickedEvent } from './links.events.js';

export interface ClickWriterOptions {
  /** Clicks in one insert (default 500). */
  batch?: number;
  /** How long the first click of a batch waits for company (default 20 ms). */
  delayMs?: number;
  /** Deliveries of one click before it is dead-lettered: enough to ride out a store restart (default 200, backoff capped at 60 s). */
  maxDeliver?: number;
  backoffMs?: number;
}

const row = (c: LinkClickedEvent): LinksTables['link_clicks'] => ({
  id: c.id,
  workspace_id: c.workspaceId,
  link_id: c.linkId,
  at: new Date(c.at),
  day: c.at.slice(0, 10),
  visitor: c.visitor,
  referrer_host: c.referrerHost,
  device: c.device,
  country: null,
  bot: c.bot,
  prefetch: c.prefetch,
});

/**
 * Writes published clicks in batches (one insert for many). A click is acknowledged on the bus only once
 * its row is committed; when the store is down the insert fails, the bus redelivers later, and the click
 * id as primary key makes a second delivery harmless.
 */
export async function startClickWriter(store: Store, bus: Bus, logger: Logger, opts: ClickWriterOptions = {}): Promise<Subscription> {
  const db: Kysely<LinksTables> = tables<LinksTables>(store);
  const insert = async (clicks: LinkClickedEvent[]) => {
    // A link deleted since its click was published would fail the batch's foreign key: keep only living ones.
    const ids = [...new Set(clicks.map((c) => c.linkId))];
    const living = new Set((await db.selectFrom('links').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    const rows = clicks.filter((c) => living.has(c.linkId)).map(row);
    if (rows.length)
      await db
        .insertInto('link_clicks')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    return clicks.map(() => undefined);
  };
  const batcher = new Batcher<LinkClickedEvent, undefined>(insert, async (c) => (await insert([c]))[0], { max: opts.batch ?? 500, delayMs: opts.delayMs ?? 20, parallel: 1 });
  return bus.consume<LinkClickedEvent>(CLICKS_QUEUE, [LINK_CLICKED], (msg) => batcher.add(msg.data), {
    concurrency: (opts.batch ?? 500) * 2,
    maxDeliver: opts.maxDeliver ?? 200,
    backoffMs: opts.backoffMs ?? 200,
    ackWaitMs: 60_000,
    onDeadLetter: (msg, err) => logger.error({ err, click: (msg.data as LinkClickedEvent).id }, 'links: a click could not be written'),
  });
}
