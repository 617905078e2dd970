import { sql } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Logger } from '../../platform/log/log.js';
import type { Store } from '../../platform/db/store.js';
import { columnList, unnestRows } from '../../platform/db/unnest.js';
import { CLICKS_QUEUE, LINK_CLICKS, type LinkClickedEvent, type LinkClicksEvent } from './links.events.js';

export interface ClickWriterOptions {
  /** Messages written at once (default 2). */
  concurrency?: number;
  /** Deliveries of one message before it is dead-lettered: enough to ride out a store restart (default 200; backoff doubles up to 60 s). */
  maxDeliver?: number;
  backoffMs?: number;
}

const COLUMNS = [
  ['id', 'uuid'],
  ['workspace_id', 'uuid'],
  ['link_id', 'uuid'],
  ['at', 'timestamptz'],
  ['day', 'date'],
  ['visitor', 'text'],
  ['referrer_host', 'text'],
  ['device', 'text'],
  ['country', 'text'],
  ['bot', 'boolean'],
  ['prefetch', 'boolean'],
] as const;

const row = (c: LinkClickedEvent) => ({
  id: c.id,
  workspace_id: c.workspaceId,
  link_id: c.linkId,
  at: c.at,
  day: c.at.slice(0, 10),
  visitor: c.visitor,
  referrer_host: c.referrerHost,
  device: c.device,
  country: c.country ?? null,
  bot: c.bot,
  prefetch: c.prefetch,
});

/**
 * Writes published clicks, one insert per message (rows as one array per column). A message is
 * acknowledged on the bus only once its rows are committed; when the store is down the insert fails,
 * the bus redelivers later, and the click id as primary key makes a second delivery harmless. Clicks of
 * a link deleted since are skipped (the join on links), so they cannot fail the batch.
 */
export async function startClickWriter(store: Store, bus: Bus, logger: Logger, opts: ClickWriterOptions = {}): Promise<Subscription> {
  const write = async (clicks: LinkClickedEvent[]) => {
    if (!clicks.length) return;
    const cols = columnList(COLUMNS);
    await sql`insert into link_clicks ${cols}
      select t.* from (${unnestRows(COLUMNS, clicks.map(row))}) t join links l on l.id = t.link_id and l.workspace_id = t.workspace_id
      on conflict (id) do nothing`.execute(store.db);
  };
  return bus.consume<LinkClicksEvent>(CLICKS_QUEUE, [LINK_CLICKS], (msg) => write(Array.isArray(msg.data?.clicks) ? msg.data.clicks : []), {
    concurrency: opts.concurrency ?? 2,
    maxDeliver: opts.maxDeliver ?? 200,
    backoffMs: opts.backoffMs ?? 200,
    ackWaitMs: 60_000,
    onDeadLetter: (msg, err) => logger.error({ err, clicks: (msg.data as LinkClicksEvent).clicks?.length }, 'links: clicks could not be written'),
  });
}
