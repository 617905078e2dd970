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
import { jsonParam } from '../../modules/audit/audit.store.js';
import { ACCOUNT_CHANGED_SUBJECT, type AccountsService } from '../../modules/accounts/accounts.service.js';
import type { AccountRow, AccountsTables } from '../../modules/accounts/accounts.tables.js';
import type { Enricher } from '../../modules/items/enrich.js';
import { writeEvents, type IngestedItem, type ProtectOriginal } from '../../modules/items/items.store.js';
import type { ItemsTables } from '../../modules/items/items.tables.js';
import { deserializeEvents, serializeEvents } from './events-json.js';
import { TtlCache } from '../../platform/cache.js';
import { HealthWriter } from './health.js';

export const RAW_SUBJECT = 'ingest.raw';
/** One message per write batch: `{ items: IngestedItem[] }` (all of one workspace). */
export const INGESTED_SUBJECT = 'item.ingested';
export interface IngestedBatch {
  workspaceId: string;
  items: IngestedItem[];
}
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

export type WebhookOutcome =
  | { kind: 'accepted'; rawEventId: string }
  | { kind: 'respond'; status: number; contentType: string; body: string };

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
  private readonly cache = new TtlCache<{ row: AccountRow; ctx: AccountContext } | undefined>(5_000);
  constructor(private readonly d: IngestDeps) {
    this.db = tables(d.store);
    this.health = new HealthWriter(tables<AccountsTables>(d.store), d.logger);
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
      throw new DomainError('unauthenticated', 'hook.bad_signature', `The request is not authentic: ${verdict.reason}`);
    }
    const now = this.d.clock.now();
    const base = { workspace_id: row.workspace_id, account_id: row.id, received_at: now, source: 'webhook' as const, headers: jsonParam(pickHeaders(req.headers)), body: req.rawBody.toString('utf8'), attempts: 0, processed_at: null };
    try {
      adapter.parse(req, ctx); // reject malformed deliveries now, while the sender can still hear it
    } catch (err) {
      const message = err instanceof ChannelError ? err.message : `unreadable payload: ${(err as Error).message}`;
      await this.db.insertInto('raw_events').values({ ...base, id: crypto.randomUUID(), status: 'dead', last_error: message }).execute();
      throw invalid('hook.malformed_payload', message);
    }
    const id = crypto.randomUUID();
    await this.db.insertInto('raw_events').values({ ...base, id, status: 'pending', last_error: null }).execute();
    await this.d.bus.publish(RAW_SUBJECT, { rawEventId: id }, { id: `raw:${id}` }).catch((err) => {
      // Durable already: the requeue job hands it out again.
      this.d.logger.error({ err, rawEventId: id }, 'publish failed; the raw event will be requeued');
    });
    return { kind: 'accepted', rawEventId: id };
  }

  /** Turns one stored raw event into items. Safe to run twice: the second run changes nothing. */
  async processRaw(rawEventId: string): Promise<IngestedItem[]> {
    // Read and parse outside the transaction (parsing needs the account's decrypted credentials).
    const raw = await this.db.selectFrom('raw_events').selectAll().where('id', '=', rawEventId).executeTakeFirst();
    if (!raw || raw.status !== 'pending') return [];
    const account = await this.cache.get(`account:${raw.account_id}`, async () => {
      const row = await this.db.selectFrom('channel_accounts').selectAll().where('id', '=', raw.account_id).executeTakeFirstOrThrow();
      return { row, ctx: await this.d.accounts.context(row) };
    });
    const row = account!.row;
    const events = await this.eventsOf(raw, row, account!.ctx);
    const changed = await this.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('raw_events').select(['status', 'attempts']).where('id', '=', rawEventId).forUpdate().executeTakeFirst();
      if (locked?.status !== 'pending') return [];
      const changed = await writeEvents(trx as unknown as Kysely<ItemsTables>, { id: row.id, workspaceId: row.workspace_id, type: row.type }, events, raw.received_at, this.d.enrich, this.d.protect);
      await trx.updateTable('raw_events').set({ status: 'processed', processed_at: this.d.clock.now(), attempts: locked.attempts + 1 }).where('id', '=', rawEventId).execute();
      return changed;
    });
    if (changed.length) {
      const newest = Math.max(...events.map((e) => (e.type === 'upsert' ? e.item.createdAt.getTime() : 0)));
      this.health.note(row.id, { lastEventAt: raw.received_at.toISOString(), ...(newest > 0 ? { lagMs: Math.max(0, raw.received_at.getTime() - newest) } : {}) });
    }
    await this.announce(changed);
    return changed;
  }

  private async eventsOf(raw: AccountsTables['raw_events'], row: AccountRow, ctx: AccountContext): Promise<ChannelEvent[]> {
    if (raw.source !== 'webhook') return deserializeEvents(raw.body);
    const adapter = this.d.adapters.get(row.type);
    if (!adapter?.parse) throw new Error(`no adapter for channel type ${row.type}`);
    const req: InboundRequest = { method: 'POST', headers: (raw.headers ?? {}) as Record<string, string>, query: {}, rawBody: Buffer.from(raw.body, 'utf8') };
    return adapter.parse(req, ctx);
  }

  /** Events from polling, streams, imports and the demo: stored and written in one transaction, with the cursor. */
  async ingestEvents(account: Pick<AccountRow, 'id' | 'workspace_id' | 'type'>, events: ChannelEvent[], source: 'poll' | 'stream' | 'import' | 'demo', cursor?: string): Promise<IngestedItem[]> {
    const now = this.d.clock.now();
    const changed = await this.db.transaction().execute(async (trx) => {
      if (events.length) {
        await trx.insertInto('raw_events').values({ id: crypto.randomUUID(), workspace_id: account.workspace_id, account_id: account.id, received_at: now, source, headers: null, body: serializeEvents(events), status: 'processed', attempts: 1, last_error: null, processed_at: now }).execute();
      }
      const changed = await writeEvents(trx as unknown as Kysely<ItemsTables>, { id: account.id, workspaceId: account.workspace_id, type: account.type }, events, now, this.d.enrich, this.d.protect);
      if (cursor !== undefined) await trx.updateTable('channel_accounts').set({ cursor }).where('id', '=', account.id).execute();
      return changed;
    });
    await this.announce(changed);
    return changed;
  }

  private async announce(changed: IngestedItem[]): Promise<void> {
    if (changed.length === 0) return;
    const key = crypto.createHash('sha256').update(changed.map((c) => `${c.id}:${c.version}`).join(',')).digest('base64url');
    const batch: IngestedBatch = { workspaceId: changed[0]!.workspaceId, items: changed };
    await this.d.bus.publish(INGESTED_SUBJECT, batch, { id: `ingested:${key}` });
  }

  /** Drops cached accounts when they change (pause, resume, disconnect), in every process. */
  watchAccounts(): Promise<Subscription> {
    return this.d.bus.subscribe<{ id: string; webhookKey: string }>(ACCOUNT_CHANGED_SUBJECT, (msg) => {
      this.cache.delete(`hook:${msg.data.webhookKey}`);
      this.cache.delete(`account:${msg.data.id}`);
    });
  }

  /** Worker side: processes raw events; after the last failed attempt the event is dead-lettered. */
  async work(concurrency = 8): Promise<Subscription> {
    const sub = await this.d.bus.consume<{ rawEventId: string }>(INGEST_QUEUE, [RAW_SUBJECT], async (msg) => {
      await this.processRaw(msg.data.rawEventId);
    }, {
      concurrency,
      maxDeliver: 5,
      ackWaitMs: 10_000,
      onDeadLetter: async (msg, error) => {
        await this.db.updateTable('raw_events').set({ status: 'dead', last_error: error.message.slice(0, 2000), attempts: msg.attempt }).where('id', '=', (msg.data as { rawEventId: string }).rawEventId).where('status', '=', 'pending').execute();
      },
    });
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
