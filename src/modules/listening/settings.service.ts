/** Notification channels (e-mail recipients, signed webhooks) and the workspace's SMTP server. */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { SecretsStore } from '../secrets/index.js';
import { SMTP_SECRET, WEBHOOK_SECRET, type Delivery } from './delivery.js';
import type { NotifyChannelView, SmtpView } from '../../contracts/listening.js';
import { UUID_RE, iso, type ListeningDb, type ListeningTables, type SmtpSettings, type WebhookFormat } from './listening.tables.js';

type ChannelRow = ListeningTables['listening_notify_channels'];

export interface ChannelInput {
  kind?: 'email' | 'webhook';
  name?: string;
  recipients?: string[];
  url?: string;
  format?: WebhookFormat;
  secret?: string;
  enabled?: boolean;
}

export interface SmtpInput {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
  rejectUnauthorized?: boolean;
}

const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/;

export const presentChannel = (c: ChannelRow): NotifyChannelView => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  recipients: c.kind === 'email' ? (c.config.recipients ?? []) : null,
  url: c.kind === 'webhook' ? (c.config.url ?? null) : null,
  format: c.kind === 'webhook' ? (c.config.format ?? 'sotong') : null,
  enabled: c.enabled,
  createdAt: iso(c.created_at)!,
});

export function checkRecipients(list: string[] | undefined, field = 'recipients'): string[] {
  const r = [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];
  if (r.length === 0) throw invalid('listening.recipients_required', 'Give at least one e-mail address.', field);
  const bad = r.find((e) => !EMAIL.test(e));
  if (bad) throw invalid('listening.bad_recipient', `"${bad}" is not an e-mail address.`, field);
  return r;
}

function checkUrl(url: string | undefined): string {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    throw invalid('listening.bad_url', 'The webhook needs an http(s) URL.', 'url');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid('listening.bad_url', 'The webhook needs an http(s) URL.', 'url');
  return u.toString();
}

export class SettingsService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsStore,
    private readonly delivery: Delivery,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  async channels(scope: Scope) {
    assertCan(scope, 'listening.read');
    const rows = await this.db.selectFrom('listening_notify_channels').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at').execute();
    return rows.map(presentChannel);
  }

  private async channelRow(scope: Scope, id: string, db: Kysely<ListeningDb> = this.db): Promise<ChannelRow> {
    const row = UUID_RE.test(id) ? await db.selectFrom('listening_notify_channels').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('listening.channel_not_found', 'No such notification channel.');
    return row;
  }

  private config(kind: 'email' | 'webhook', input: ChannelInput, before?: ChannelRow['config']): ChannelRow['config'] {
    if (kind === 'email') return { recipients: checkRecipients(input.recipients ?? before?.recipients) };
    return { url: checkUrl(input.url ?? before?.url), format: input.format ?? before?.format ?? 'sotong' };
  }

  async createChannel(scope: Scope, input: ChannelInput & { kind: 'email' | 'webhook'; name: string }) {
    assertCan(scope, 'settings.manage');
    const now = this.clock.now();
    const row: ChannelRow = { id: crypto.randomUUID(), workspace_id: scope.workspaceId, kind: input.kind, name: input.name.trim(), config: this.config(input.kind, input), enabled: input.enabled ?? true, created_at: now, updated_at: now };
    const secret = input.kind === 'webhook' ? (input.secret ?? `whsec_${crypto.randomBytes(24).toString('base64url')}`) : undefined;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('listening_notify_channels')
        .values({ ...row, config: jsonParam(row.config) })
        .execute();
      if (secret) await this.secrets.put(scope.workspaceId, WEBHOOK_SECRET, row.id, { secret }, trx);
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.channel_created', targetType: 'listening_channel', targetId: row.id, after: presentChannel(row), at: now });
    });
    return { channel: presentChannel(row), ...(secret && !input.secret ? { secret } : {}) };
  }

  async updateChannel(scope: Scope, id: string, input: ChannelInput) {
    assertCan(scope, 'settings.manage');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const before = await this.channelRow(scope, id, trx);
      if (input.kind && input.kind !== before.kind) throw invalid('listening.kind_fixed', 'A channel keeps its kind; create a new one instead.', 'kind');
      const row: ChannelRow = { ...before, name: input.name?.trim() ?? before.name, config: this.config(before.kind, input, before.config), enabled: input.enabled ?? before.enabled, updated_at: now };
      await trx
        .updateTable('listening_notify_channels')
        .set({ name: row.name, config: jsonParam(row.config), enabled: row.enabled, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      if (before.kind === 'webhook' && input.secret) await this.secrets.put(scope.workspaceId, WEBHOOK_SECRET, row.id, { secret: input.secret }, trx);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'listening.channel_updated',
        targetType: 'listening_channel',
        targetId: row.id,
        before: presentChannel(before),
        after: presentChannel(row),
        at: now,
      });
      return { channel: presentChannel(row) };
    });
  }

  async deleteChannel(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'settings.manage');
    await this.db.transaction().execute(async (trx) => {
      const before = await this.channelRow(scope, id, trx);
      await trx.deleteFrom('listening_notify_channels').where('id', '=', before.id).execute();
      await this.secrets.delete(scope.workspaceId, WEBHOOK_SECRET, before.id, trx);
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.channel_deleted', targetType: 'listening_channel', targetId: before.id, before: presentChannel(before), at: this.clock.now() });
    });
  }

  async testChannel(scope: Scope, id: string) {
    assertCan(scope, 'settings.manage');
    const row = await this.channelRow(scope, id);
    const text = `Sotong test notification for "${row.name}" (소통 알림 테스트).`;
    try {
      await this.delivery.sendTo(row, { event: 'listening.test', subject: '[소통] 알림 테스트 / test notification', text, html: `<p>${text}</p>`, data: { channel: presentChannel(row) } });
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw invalid('listening.delivery_failed', `The test notification was not delivered: ${(err as Error).message}`);
    }
    return { delivered: true };
  }

  /** Sends a test e-mail through the stored SMTP settings to the given addresses. */
  async testSmtp(scope: Scope, to: string[]) {
    assertCan(scope, 'settings.manage');
    const recipients = checkRecipients(to, 'to');
    const text = 'Sotong SMTP test: alert and report e-mails will be sent this way (소통 SMTP 테스트 메일).';
    try {
      await this.delivery.sendMail(scope.workspaceId, recipients, { event: 'listening.test', subject: '[소통] SMTP 테스트 / SMTP test', text, html: `<p>${text}</p>`, data: {} });
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw invalid('listening.delivery_failed', `The test e-mail was not delivered: ${(err as Error).message}`);
    }
    return { delivered: true as const, recipients };
  }

  private presentSmtp(s: SmtpSettings | null | undefined, passwordSet: boolean): SmtpView | null {
    return s ? { host: s.host, port: s.port, secure: s.secure, user: s.user, from: s.from, rejectUnauthorized: s.rejectUnauthorized, passwordSet } : null;
  }

  async smtp(scope: Scope) {
    assertCan(scope, 'settings.manage');
    const row = await this.db.selectFrom('listening_settings').select('smtp').where('workspace_id', '=', scope.workspaceId).executeTakeFirst();
    const pw = row?.smtp ? await this.secrets.get(scope.workspaceId, SMTP_SECRET, scope.workspaceId) : undefined;
    return this.presentSmtp(row?.smtp, Boolean(pw?.password));
  }

  async putSmtp(scope: Scope, input: SmtpInput) {
    assertCan(scope, 'settings.manage');
    if (!EMAIL.test(input.from.replace(/^.*<([^>]+)>\s*$/, '$1'))) throw invalid('listening.bad_from', '`from` must be an e-mail address (optionally "Name <address>").', 'from');
    const smtp: SmtpSettings = { host: input.host, port: input.port, secure: input.secure ?? false, user: input.user ?? null, from: input.from, rejectUnauthorized: input.rejectUnauthorized ?? true };
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('listening_settings')
        .values({ workspace_id: scope.workspaceId, smtp: jsonParam(smtp), crisis_active: false, crisis_period_id: null, updated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ smtp: jsonParam(smtp), updated_at: now }))
        .execute();
      if (input.password !== undefined) await this.secrets.put(scope.workspaceId, SMTP_SECRET, scope.workspaceId, { password: input.password }, trx);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'listening.smtp_updated',
        targetType: 'workspace',
        targetId: scope.workspaceId,
        after: { ...smtp, passwordChanged: input.password !== undefined },
        at: now,
      });
    });
    return this.smtp(scope);
  }

  async deleteSmtp(scope: Scope): Promise<void> {
    assertCan(scope, 'settings.manage');
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('listening_settings').set({ smtp: null, updated_at: this.clock.now() }).where('workspace_id', '=', scope.workspaceId).execute();
      await this.secrets.delete(scope.workspaceId, SMTP_SECRET, scope.workspaceId, trx);
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.smtp_deleted', targetType: 'workspace', targetId: scope.workspaceId, at: this.clock.now() });
    });
  }
}
