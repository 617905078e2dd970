import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AccountContext } from '../../channels/port.js';
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { validateAgainst } from '../../platform/validate.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { SecretsStore } from '../secrets/index.js';
import type { Bus } from '../../platform/bus/bus.js';

/** Fan-out notice that an account's status or settings changed (caches drop it). */
export const ACCOUNT_CHANGED_SUBJECT = 'account.changed';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { listensBy } from '../../channels/modes.js';
import type { ChannelTypeView, JsonSchema } from '../../contracts/channels.js';
import { presentAccount, type AccountHealth, type AccountRow, type AccountsTables, type AccountStatus, type AccountView } from './accounts.tables.js';

export const SECRET_OWNER = 'channel_account';
const UUID = /^[0-9a-f-]{36}$/i;

export interface NewAccount {
  type: string;
  name: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  pollIntervalMs?: number;
}

/**
 * Settings and credentials that replace an account's own when the adapter talks to it: the demo's channel
 * simulators (src/app/demo-channels.ts). Undefined for every account the resolver does not own.
 */
export type AccountOverlay = (row: Pick<AccountRow, 'id' | 'workspace_id' | 'type' | 'settings'>) => { settings: Record<string, unknown>; credentials: Record<string, string> } | undefined;

/** Settings only Sotong itself may set: an account the API connects with them is refused. */
const RESERVED_SETTINGS = ['demo', 'import'];

/** Connected channel accounts: settings in clear, credentials encrypted, health as last seen. */
export class AccountsService {
  private readonly db: Kysely<AccountsTables>;
  private overlay: AccountOverlay = () => undefined;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly adapters: AdapterRegistry,
    private readonly secrets: SecretsStore,
    private readonly bus?: Bus,
  ) {
    this.db = tables<AccountsTables>(store);
  }

  private view(a: AccountRow): AccountView {
    return presentAccount(a, this.adapters.get(a.type)?.displayName ?? a.type);
  }

  channels(): ChannelTypeView[] {
    return this.adapters.all().map((a) => ({
      type: a.type,
      name: a.displayName,
      settingsSchema: a.settingsSchema as JsonSchema,
      credentialsSchema: a.credentialsSchema as JsonSchema,
      webhook: Boolean(a.verify && a.parse),
      poll: Boolean(a.fetch),
      stream: Boolean(a.stream),
    }));
  }

  async list(scope: Scope): Promise<AccountView[]> {
    assertCan(scope, 'listening.read');
    const rows = await this.db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', scope.workspaceId).where('status', '!=', 'disconnected').orderBy('created_at').execute();
    return rows.map((r) => this.view(r));
  }

  async get(scope: Scope, id: string): Promise<AccountView> {
    assertCan(scope, 'listening.read');
    return this.view(await this.row(scope, id));
  }

  private async row(scope: Scope, id: string, db: Kysely<AccountsTables> = this.db): Promise<AccountRow> {
    const row = UUID.test(id) ? await db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('account.not_found', 'No such channel account.');
    return row;
  }

  async connect(scope: Scope, input: NewAccount, opts: { skipValidation?: boolean } = {}): Promise<AccountView> {
    assertCan(scope, 'channels.manage');
    const adapter = this.adapters.get(input.type);
    if (!adapter) throw invalid('account.unknown_channel', `Unknown channel type "${input.type}".`, 'type');
    if (!opts.skipValidation) {
      const reserved = RESERVED_SETTINGS.find((k) => Object.hasOwn(input.settings, k));
      if (reserved) throw invalid('account.reserved_setting', `settings.${reserved} is set by Sotong itself (demo and import accounts), not by a connection.`, `settings.${reserved}`);
      validateAgainst(adapter.settingsSchema, input.settings, 'account.invalid_settings', 'settings');
      validateAgainst(adapter.credentialsSchema, input.credentials, 'account.invalid_credentials', 'credentials');
    }
    const now = this.clock.now();
    const id = crypto.randomUUID();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('channel_accounts')
        .values({
          id,
          workspace_id: scope.workspaceId,
          type: adapter.type,
          name: input.name.trim(),
          settings: jsonParam(input.settings),
          status: 'active',
          webhook_key: crypto.randomBytes(18).toString('base64url'),
          cursor: null,
          poll_interval_ms: input.pollIntervalMs ?? 60_000,
          next_poll_at: adapter.fetch && listensBy(adapter, input.settings).poll ? now : null,
          stream_owner: null,
          stream_lease_until: null,
          health: jsonParam({}),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.secrets.put(scope.workspaceId, SECRET_OWNER, id, input.credentials, trx);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'account.connected',
        targetType: 'channel_account',
        targetId: id,
        after: { type: row.type, name: row.name, settings: row.settings, credentials: Object.keys(input.credentials) },
        at: now,
      });
      return this.view(row);
    });
  }

  async setStatus(scope: Scope, id: string, status: Extract<AccountStatus, 'active' | 'paused' | 'disconnected'>): Promise<AccountView> {
    assertCan(scope, 'channels.manage');
    const now = this.clock.now();
    const view = await this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      const row = await trx
        .updateTable('channel_accounts')
        .set({ status, updated_at: now, ...(status === 'active' ? { next_poll_at: now } : {}), ...(status !== 'active' ? { stream_lease_until: null, stream_owner: null } : {}) })
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (status === 'disconnected') await this.secrets.delete(scope.workspaceId, SECRET_OWNER, id, trx);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: `account.${status === 'active' ? 'resumed' : status}`,
        targetType: 'channel_account',
        targetId: id,
        before: { status: before.status },
        after: { status },
        at: now,
      });
      return { view: this.view(row), key: row.webhook_key };
    });
    await this.bus?.publish(ACCOUNT_CHANGED_SUBJECT, { id, webhookKey: view.key });
    return view.view;
  }

  /** The account that holds imported history of one channel type; created paused on first use. */
  async importAccount(scope: Scope, type: string): Promise<AccountRow> {
    assertCan(scope, 'channels.manage');
    const adapter = this.adapters.get(type);
    if (!adapter) throw invalid('account.unknown_channel', `Unknown channel type "${type}".`, 'channel');
    const existing = await this.db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', scope.workspaceId).where('type', '=', type).where(sql<boolean>`(settings->>'import') = 'true'`).executeTakeFirst();
    if (existing) return existing;
    const view = await this.connect(scope, { type, name: `Import · ${adapter.displayName}`, settings: { import: true }, credentials: {} }, { skipValidation: true });
    await this.db.updateTable('channel_accounts').set({ status: 'paused', next_poll_at: null }).where('id', '=', view.id).execute();
    return this.row(scope, view.id);
  }

  /**
   * Marks what the account holds up to `at` as history (demo history, imports): items created before it
   * are grouped into conversations closed as history, never opened in a queue. Only ever moves forward.
   */
  async markHistoryUntil(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('channel_accounts')
      .set({ history_until: sql<Date>`greatest(coalesce(history_until, ${at}), ${at})` })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Asks each active account's adapter how it is (token expiry, rate limits) and records it. Import
   * accounts receive nothing by themselves and are not asked. The demo's accounts are asked through
   * their channel simulator when one runs (the overlay); those without one are fed by the bundled demo
   * data alone, so their health is that of their deliveries. `filter` narrows the check (a workspace,
   * one account), e.g. the demo's accounts when their simulators start.
   */
  async checkHealth(filter: { workspaceId?: string; accountId?: string } = {}): Promise<number> {
    let q = this.db.selectFrom('channel_accounts').selectAll().where('status', '=', 'active').where(sql<boolean>`coalesce(settings->>'import', 'false') <> 'true'`);
    if (filter.workspaceId) q = q.where('workspace_id', '=', filter.workspaceId);
    if (filter.accountId) q = q.where('id', '=', filter.accountId);
    const rows = await q.execute();
    await Promise.all(rows.map((row) => this.checkOne(row)));
    return rows.length;
  }

  private async checkOne(row: AccountRow): Promise<void> {
    const adapter = this.adapters.get(row.type);
    if (!adapter) return;
    const demo = row.settings.demo === true;
    // A demo account's last delivery, when ingestion has not noted one yet (data from before it did).
    const delivered = demo && !row.health.lastEventAt ? await this.lastDelivery(row.id) : undefined;
    const seen = delivered ? { lastEventAt: delivered.toISOString() } : {};
    if (demo && !this.overlay(row)) {
      await this.recordHealth(row.id, { status: 'ok', message: undefined, lastError: undefined, ...seen });
      return;
    }
    try {
      const h = await adapter.health(await this.context(row));
      await this.recordHealth(row.id, {
        status: h.status,
        // A demo account is checked against its simulator: the adapter's words about that are not the bank's business.
        message: !demo && h.message ? h.message : undefined,
        ...(h.rateLimit ? { rateLimit: { ...h.rateLimit, resetAt: h.rateLimit.resetAt?.toISOString() } } : {}),
        ...(h.tokenExpiresAt ? { tokenExpiresAt: h.tokenExpiresAt.toISOString() } : {}),
        ...seen,
      });
    } catch (err) {
      await this.recordHealth(row.id, { status: 'down', lastError: (err as Error).message.slice(0, 500), ...seen });
    }
  }

  /** When the account's newest raw event arrived (any source), or undefined when none did. */
  private async lastDelivery(accountId: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('raw_events')
      .select((eb) => eb.fn.max('received_at').as('at'))
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.at ? new Date(row.at) : undefined;
  }

  /** The account as its adapter sees it (credentials decrypted). Not scoped: for the pipeline only. */
  async context(row: Pick<AccountRow, 'id' | 'workspace_id' | 'type' | 'settings'>): Promise<AccountContext> {
    const over = this.overlay(row);
    if (over) return { id: row.id, workspaceId: row.workspace_id, settings: { ...row.settings, ...over.settings }, credentials: over.credentials };
    const credentials = (await this.secrets.get(row.workspace_id, SECRET_OWNER, row.id)) ?? {};
    return { id: row.id, workspaceId: row.workspace_id, settings: row.settings, credentials };
  }

  /** Installs the overlay (the demo's channel simulators); returns a function that removes it. */
  overlayWith(fn: AccountOverlay): () => void {
    this.overlay = fn;
    return () => {
      if (this.overlay === fn) this.overlay = () => undefined;
    };
  }

  async byWebhookKey(key: string): Promise<AccountRow | undefined> {
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(key)) return undefined;
    return this.db.selectFrom('channel_accounts').selectAll().where('webhook_key', '=', key).executeTakeFirst();
  }

  async byId(id: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('channel_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async recordHealth(id: string, patch: AccountHealth): Promise<void> {
    const row = await this.byId(id);
    if (!row) return;
    await this.db
      .updateTable('channel_accounts')
      .set({ health: jsonParam({ ...row.health, ...patch, checkedAt: this.clock.now().toISOString() }), updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute();
  }
}
