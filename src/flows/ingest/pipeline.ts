import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ChannelError, type AccountContext, type ChannelEvent, type InboundRequest } from '../../channels/port.js';
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { invalid, notFound, DomainError } from '../../platform/errors.js';
import { jsonParam } from '../../modules/audit/index.js';
import { ACCOUNT_CHANGED_SUBJECT, type AccountsService } from '../../modules/accounts/index.js';
import type { AccountRow, AccountsTables } from '../../modules/accounts/index.js';
import type { Enricher } from '../../modules/items/index.js';
import { writeEvents, type ProtectOriginal } from '../../modules/items/index.js';
import { INGESTED_SUBJECT, type IngestedBatch, type IngestedItem } from '../../modules/items/index.js';
import type { ItemsTables } from '../../modules/items/index.js';
import { wellFormedEvents } from './well-formed.js';
import { deserializeEvents, serializeEvents } from './events-json.js';
import { TtlCache } from '../../platform/cache.js';
import { HealthWriter } from './health.js';
import { Batcher } from '../../platform/batcher.js';

/** The entries by key, each group in the entries' order. */
function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}

const nativeIdOf = (e: ChannelEvent): string => (e.type === 'upsert' ? e.item.nativeId : e.type === 'delete' ? e.nativeId : '');

export const RAW_SUBJECT = 'ingest.raw';
/** The work queue of the pipeline's workers (intake: see PriorityBus). */
export const INGEST_QUEUE = 'ingest';

export interface IngestDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  adapters: AdapterRegistry;
  accounts: AccountsService;
  enrich: Enricher;
  /** Keeps (encrypted) or drops the original of a text that held personal data. */
  protect?: ProtectOriginal;
}

export type WebhookOutcome = { kind: 'accepted'; rawEventId: string } | { kind: 'respond'; status: number; contentType: string; body: string };

type Db = Kysely<AccountsTables & ItemsTables>;

/**
 * receive → verify → persist the raw event (acknowledged only once durable) → normalise → dedupe
 * (idempotent upsert) → enrich → publish item.ingested. At-least-once, with idempotent writes.
 */
export class IngestPipeline {
  private readonly db: Db;
  /** Account health (last event, lag), written behind the transactions (see health.ts). */
  readonly health: HealthWriter;
  /** Accounts and their decrypted credentials, kept a few seconds: every delivery needs them. */
  private readonly cache: TtlCache<{ row: AccountRow; ctx: AccountContext } | undefined>;
  constructor(private readonly d: IngestDeps) {
    this.db = tables(d.store);
    this.health = new HealthWriter(tables<AccountsTables>(d.store), d.logger);
    this.cache = new TtlCache(5_000, d.clock);
  }

  /** A webhook delivery. Throws DomainError for unknown accounts (404), bad signatures (401), malformed bodies (400). */
  async receiveWebhook(key: string, req: InboundRequest): Promise<WebhookOutcome> {
    const cached = await this.cache.get(`hook:${key}`, async () => {
      const row = await this.d.accounts.byWebhookKey(key);
      return row ? { row, ctx: await this.d.accounts.context(row) } : undefined;
    });
    const row = cached?.row;
    const adapter = row ? this.d.adapters.get(row.type) : undefined;
    if (!cached || !row || !adapter?.verify || !adapter.parse || row.status === 'disconnected') throw notFound('hook.not_found', 'No webhook here.');
    // A paused account asks the sender to come back later (channels retry), so nothing is lost.
    if (row.status === 'paused') throw new DomainError('unavailable', 'hook.paused', 'Listening on this account is paused; deliver again later.');
    const ctx = cached.ctx;
    const verdict = adapter.verify(req, ctx);
    if (verdict.kind === 'respond') return verdict;
    if (verdict.kind === 'reject') {
      this.d.logger.warn({ account: row.id, reason: verdict.reason }, 'webhook signature rejected');
      // The reason is logged for the operator, never told to the sender (it would help a forger).
      throw new DomainError('unauthenticated', 'hook.bad_signature', 'The request is not authentic.');
    }
    const now = this.d.clock.now();
    const base = { workspace_id: row.workspace_id, account_id: row.id, received_at: now, source: 'webhook' as const, headers: jsonParam(pickHeaders(req.headers)), body: req.rawBody.toString('utf8'), attempts: 0, processed_at: null };
    try {
      adapter.parse(req, ctx); // reject malformed deliveries now, while the sender can still hear it
    } catch (err) {
      const message = err instanceof ChannelError ? err.message : `unreadable payload: ${(err as Error).message}`;
      await this.db
        .insertInto('raw_events')
        .values({ ...base, id: crypto.randomUUID(), status: 'dead', last_error: message })
        .execute();
      throw invalid('hook.malformed_payload', message);
    }
    const id = crypto.randomUUID();
    await this.db
      .insertInto('raw_events')
      .values({ ...base, id, status: 'pending', last_error: null })
      .execute();
    await this.d.bus.publish(RAW_SUBJECT, { rawEventId: id }, { id: `raw:${id}` }).catch((err) => {
      // Durable already: the requeue job hands it out again.
      this.d.logger.error({ err, rawEventId: id }, 'publish failed; the raw event will be requeued');
    });
    return { kind: 'accepted', rawEventId: id };
  }

  /** Turns one stored raw event into items. Safe to run twice: the second run changes nothing. */
  async processRaw(rawEventId: string): Promise<IngestedItem[]> {
    return (await this.processRawMany([rawEventId]))[0]!;
  }

  /**
   * Turns stored raw events into items in one transaction (group commit: the worker gathers the
   * deliveries it holds): per account one upsert of authors and one of items, then one update of the
   * raw events, one `item.ingested` per workspace. Returns what changed, per raw event. Throws if any
   * raw event cannot be parsed or written (the worker then runs them one at a time).
   */
  async processRawMany(rawEventIds: string[]): Promise<IngestedItem[][]> {
    // Read and parse outside the transaction (parsing needs the accounts' decrypted credentials).
    const raws = new Map((await this.db.selectFrom('raw_events').selectAll().where('id', 'in', rawEventIds).where('status', '=', 'pending').execute()).map((r) => [r.id, r]));
    const parsed: Array<{ raw: AccountsTables['raw_events']; row: AccountRow; events: ChannelEvent[] }> = [];
    for (const id of rawEventIds) {
      const raw = raws.get(id);
      if (!raw) continue;
      const account = (await this.cache.get(`account:${raw.account_id}`, async () => {
        const row = await this.db.selectFrom('channel_accounts').selectAll().where('id', '=', raw.account_id).executeTakeFirstOrThrow();
        return { row, ctx: await this.d.accounts.context(row) };
      }))!;
      parsed.push({ raw, row: account.row, events: await this.eventsOf(raw, account.row, account.ctx) });
    }
    const byRaw = new Map<string, IngestedItem[]>();
    if (parsed.length) {
      await this.db.transaction().execute(async (trx) => {
        const locked = await trx
          .selectFrom('raw_events')
          .select('id')
          .where(
            'id',
            'in',
            parsed.map((p) => p.raw.id),
          )
          .where('status', '=', 'pending')
          .orderBy('id')
          .forUpdate()
          .execute();
        const pending = new Set(locked.map((l) => l.id));
        const accounts = groupBy(
          parsed.filter((p) => pending.has(p.raw.id)),
          (p) => p.row.id,
        );
        for (const group of accounts.values()) {
          const row = group[0]!.row;
          const arrived = new Map<ChannelEvent, Date>();
          const from = new Map<string, string>();
          for (const p of group) {
            for (const e of p.events) {
              arrived.set(e, p.raw.received_at);
              from.set(nativeIdOf(e), p.raw.id);
            }
          }
          const changed = await writeEvents(
            trx,
            { id: row.id, workspaceId: row.workspace_id, type: row.type },
            group.flatMap((p) => p.events),
            (e) => arrived.get(e)!,
            this.d.enrich,
            this.d.protect,
          );
          for (const [raw, items] of groupBy(changed, (c) => from.get(c.nativeId)!)) byRaw.set(raw, items);
        }
        if (pending.size)
          await trx
            .updateTable('raw_events')
            .set({ status: 'processed', processed_at: this.d.clock.now(), attempts: sql<number>`attempts + 1` })
            .where('id', 'in', [...pending])
            .execute();
      });
    }
    for (const p of parsed) {
      if (!byRaw.get(p.raw.id)?.length) continue;
      const newest = Math.max(...p.events.map((e) => (e.type === 'upsert' ? e.item.createdAt.getTime() : 0)));
      this.health.note(p.row.id, { lastEventAt: p.raw.received_at.toISOString(), ...(newest > 0 ? { lagMs: Math.max(0, p.raw.received_at.getTime() - newest) } : {}) });
    }
    await this.announce([...byRaw.values()].flat());
    return rawEventIds.map((id) => byRaw.get(id) ?? []);
  }

  private async eventsOf(raw: AccountsTables['raw_events'], row: AccountRow, ctx: AccountContext): Promise<ChannelEvent[]> {
    if (raw.source !== 'webhook') return wellFormedEvents(deserializeEvents(raw.body));
    const adapter = this.d.adapters.get(row.type);
    if (!adapter?.parse) throw new Error(`no adapter for channel type ${row.type}`);
    const req: InboundRequest = { method: 'POST', headers: (raw.headers ?? {}) as Record<string, string>, query: {}, rawBody: Buffer.from(raw.body, 'utf8') };
    return wellFormedEvents(adapter.parse(req, ctx));
  }

  /** Events from polling, streams, imports and the demo: stored and written in one transaction, with the cursor. */
  async ingestEvents(account: Pick<AccountRow, 'id' | 'workspace_id' | 'type'>, events: ChannelEvent[], source: 'poll' | 'stream' | 'import' | 'demo', cursor?: string): Promise<IngestedItem[]> {
    const now = this.d.clock.now();
    const changed = await this.db.transaction().execute(async (trx) => {
      if (events.length) {
        await trx
          .insertInto('raw_events')
          .values({
            id: crypto.randomUUID(),
            workspace_id: account.workspace_id,
            account_id: account.id,
            received_at: now,
            source,
            headers: null,
            body: serializeEvents(events),
            status: 'processed',
            attempts: 1,
            last_error: null,
            processed_at: now,
          })
          .execute();
      }
      // The raw body above keeps the events as received (JSON text escapes NUL and lone surrogates); the items get storable text.
      const changed = await writeEvents(trx, { id: account.id, workspaceId: account.workspace_id, type: account.type }, wellFormedEvents(events), now, this.d.enrich, this.d.protect);
      if (cursor !== undefined) await trx.updateTable('channel_accounts').set({ cursor }).where('id', '=', account.id).execute();
      return changed;
    });
    // Polls and streams note their own health; the demo's deliveries are noted here, so its cards show them.
    if (source === 'demo' && events.length) {
      const newest = Math.max(0, ...events.map((e) => (e.type === 'upsert' ? e.item.createdAt.getTime() : 0)));
      this.health.note(account.id, { lastEventAt: now.toISOString(), ...(newest > 0 ? { lagMs: Math.max(0, now.getTime() - newest) } : {}) });
    }
    await this.announce(changed);
    return changed;
  }

  /** One `item.ingested` per workspace. */
  private async announce(changed: IngestedItem[]): Promise<void> {
    for (const [workspaceId, items] of groupBy(changed, (c) => c.workspaceId)) {
      const key = crypto
        .createHash('sha256')
        .update(items.map((c) => `${c.id}:${c.version}`).join(','))
        .digest('base64url');
      await this.d.bus.publish(INGESTED_SUBJECT, { workspaceId, items } satisfies IngestedBatch, { id: `ingested:${key}` });
    }
  }

  /** Drops cached accounts when they change (pause, resume, disconnect), in every process. */
  watchAccounts(): Promise<Subscription> {
    return this.d.bus.subscribe<{ id: string; webhookKey: string }>(ACCOUNT_CHANGED_SUBJECT, (msg) => {
      this.cache.delete(`hook:${msg.data.webhookKey}`);
      this.cache.delete(`account:${msg.data.id}`);
    });
  }

  /**
   * Worker side: processes raw events, the deliveries held at once written together (group commit:
   * two transactions at a time, so one is analysed while the other waits on the database, each of up
   * to half the deliveries held); after the last failed attempt an event is dead-lettered.
   */
  async work(concurrency = 16): Promise<Subscription> {
    const batcher = new Batcher<string, IngestedItem[]>(
      (ids) => this.processRawMany(ids),
      (id) => this.processRaw(id),
      { max: Math.max(1, concurrency >> 1), delayMs: 2, parallel: 2 },
    );
    const sub = await this.d.bus.consume<{ rawEventId: string }>(
      INGEST_QUEUE,
      [RAW_SUBJECT],
      async (msg) => {
        await batcher.add(msg.data.rawEventId);
      },
      {
        concurrency,
        maxDeliver: 5,
        ackWaitMs: 10_000,
        onDeadLetter: async (msg, error) => {
          await this.db
            .updateTable('raw_events')
            .set({ status: 'dead', last_error: error.message.slice(0, 2000), attempts: msg.attempt })
            .where('id', '=', (msg.data as { rawEventId: string }).rawEventId)
            .where('status', '=', 'pending')
            .execute();
        },
      },
    );
    return { close: async () => (await sub.close(), await this.health.flush()) };
  }

  /** Retention: processed raw payloads older than the given age are deleted (items keep what they need). */
  async purgeProcessed(olderThanMs = 7 * 86_400_000): Promise<number> {
    const cutoff = new Date(this.d.clock.now().getTime() - olderThanMs);
    const r = await this.db.deleteFrom('raw_events').where('status', '=', 'processed').where('received_at', '<', cutoff).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }

  /** Hands out raw events that stayed pending (a publish lost in a crash). */
  async requeuePending(olderThanMs = 30_000): Promise<number> {
    const cutoff = new Date(this.d.clock.now().getTime() - olderThanMs);
    const rows = await this.db.selectFrom('raw_events').select('id').where('status', '=', 'pending').where('received_at', '<', cutoff).limit(1000).execute();
    for (const r of rows) await this.d.bus.publish(RAW_SUBJECT, { rawEventId: r.id }, { id: `raw:${r.id}:${cutoff.getTime()}` });
    return rows.length;
  }

  /** Dead-letter retry from the UI: back to pending, and handed out again. */
  async retryDead(workspaceId: string, rawEventId: string): Promise<void> {
    const res = await this.db.updateTable('raw_events').set({ status: 'pending', last_error: null }).where('workspace_id', '=', workspaceId).where('id', '=', rawEventId).where('status', '=', 'dead').returning('id').executeTakeFirst();
    if (!res) throw notFound('dead_letter.not_found', 'No such dead letter.');
    await this.d.bus.publish(RAW_SUBJECT, { rawEventId }, { id: `raw:${rawEventId}:retry:${Date.now()}` });
  }

  accountContext(row: AccountRow): Promise<AccountContext> {
    return this.d.accounts.context(row);
  }
}

/** Headers kept with the raw event (what parsing may need), without credentials. */
const DROP_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
function pickHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined && !DROP_HEADERS.has(e[0])));
}
