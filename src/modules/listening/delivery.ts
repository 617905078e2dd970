/**
 * Outbound notifications: e-mail through the workspace's SMTP server and signed webhooks
 * (`x-sotong-signature: sha256=hex(HMAC(secret, "<timestamp>." + body))`, `x-sotong-timestamp`). Each
 * delivery is a row plus a bus message on a durable queue, retried with exponential backoff.
 */
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { invalid } from '../../platform/errors.js';
import type { SecretsStore } from '../secrets/index.js';
import { signedHeaders } from '../../channels/webhook/index.js';
import type { ListeningDb, ListeningTables, WebhookFormat } from './listening.tables.js';

export const NOTIFY_SUBJECT = 'listening.notify';
const NOTIFY_QUEUE = 'listening-notify';
export const SMTP_SECRET = 'listening_smtp';
export const WEBHOOK_SECRET = 'listening_webhook';

export interface Message {
  event: 'listening.alert' | 'listening.test' | 'listening.report';
  subject: string;
  text: string;
  html: string;
  /** The machine-readable payload (`alert`, `report`…) for webhooks. */
  data: Record<string, unknown>;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

type Channel = ListeningTables['listening_notify_channels'];

export function webhookBody(format: WebhookFormat, m: Message): unknown {
  switch (format) {
    case 'slack':
      return { text: m.text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: m.text } }] };
    case 'teams':
      return { text: m.text };
    case 'kakaowork':
      return { text: m.subject, blocks: [{ type: 'text', text: m.text, markdown: true }] };
    default:
      return { type: m.event, ...m.data, text: m.text };
  }
}

export class Delivery {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly secrets: SecretsStore,
    /** Builds the message of a stored delivery (alerts and reports know how). */
    private readonly compose: (row: ListeningTables['listening_deliveries']) => Promise<Message | null>,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  async sendMail(workspaceId: string, to: string[], m: Message): Promise<void> {
    const settings = await this.db.selectFrom('listening_settings').select('smtp').where('workspace_id', '=', workspaceId).executeTakeFirst();
    const smtp = settings?.smtp;
    if (!smtp) throw invalid('listening.smtp_missing', 'No SMTP server is configured for this workspace (PUT /listening/smtp).');
    const pass = smtp.user ? (await this.secrets.get(workspaceId, SMTP_SECRET, workspaceId))?.password : undefined;
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: pass ?? '' } } : {}),
      tls: { rejectUnauthorized: smtp.rejectUnauthorized },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    try {
      await transport.sendMail({ from: smtp.from, to, subject: m.subject, text: m.text, html: m.html, ...(m.attachments ? { attachments: m.attachments } : {}) });
    } finally {
      transport.close();
    }
  }

  async postWebhook(workspaceId: string, channel: Channel, m: Message, deliveryId: string): Promise<void> {
    const secret = (await this.secrets.get(workspaceId, WEBHOOK_SECRET, channel.id))?.secret;
    if (!secret) throw new Error('the webhook has no signing secret');
    const body = JSON.stringify(webhookBody(channel.config.format ?? 'sotong', m));
    const res = await fetch(channel.config.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Sotong-Webhook/1', 'x-sotong-event': m.event, 'x-sotong-delivery': deliveryId, ...signedHeaders(secret, body, this.clock.now()) },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }

  /** Sends one message to one channel now (tests of a channel, and every queued delivery). */
  async sendTo(channel: Channel, m: Message, deliveryId: string = crypto.randomUUID()): Promise<void> {
    if (channel.kind === 'email') await this.sendMail(channel.workspace_id, channel.config.recipients ?? [], m);
    else await this.postWebhook(channel.workspace_id, channel, m, deliveryId);
  }

  /** Queues deliveries (rows written by the caller's transaction, published after it commits). */
  async queue(trx: Kysely<ListeningDb>, rows: Array<Omit<ListeningTables['listening_deliveries'], 'id' | 'status' | 'attempts' | 'last_error' | 'created_at' | 'sent_at'>>): Promise<string[]> {
    const now = this.clock.now();
    const full = rows.map((r) => ({ ...r, id: crypto.randomUUID(), status: 'pending' as const, attempts: 0, last_error: null, created_at: now, sent_at: null }));
    if (full.length) await trx.insertInto('listening_deliveries').values(full).execute();
    return full.map((r) => r.id);
  }

  async publish(ids: string[]): Promise<void> {
    for (const id of ids) await this.bus.publish(NOTIFY_SUBJECT, { deliveryId: id }, { id: `delivery:${id}` });
  }

  private async deliver(id: string, attempt: number): Promise<void> {
    const row = await this.db.selectFrom('listening_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status !== 'pending') return;
    const channel = row.channel_id ? await this.db.selectFrom('listening_notify_channels').selectAll().where('id', '=', row.channel_id).executeTakeFirst() : undefined;
    const m = await this.compose(row);
    if (!m || (row.channel_id && !channel)) {
      await this.db.updateTable('listening_deliveries').set({ status: 'failed', last_error: 'nothing to send (deleted)', attempts: attempt }).where('id', '=', id).execute();
      return;
    }
    try {
      if (channel) await this.sendTo(channel, m, id);
      else
        await this.sendMail(
          row.workspace_id,
          row.target
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          m,
        );
      await this.db.updateTable('listening_deliveries').set({ status: 'sent', attempts: attempt, sent_at: this.clock.now(), last_error: null }).where('id', '=', id).execute();
    } catch (err) {
      await this.db
        .updateTable('listening_deliveries')
        .set({ attempts: attempt, last_error: (err as Error).message.slice(0, 500) })
        .where('id', '=', id)
        .execute();
      throw err;
    }
  }

  work(): Promise<Subscription> {
    return this.bus.consume<{ deliveryId: string }>(NOTIFY_QUEUE, [NOTIFY_SUBJECT], (msg) => this.deliver(msg.data.deliveryId, msg.attempt), {
      concurrency: 4,
      maxDeliver: 6,
      backoffMs: 1000,
      ackWaitMs: 60_000,
      onDeadLetter: async (msg, error) => {
        this.log.warn({ err: error, delivery: (msg.data as { deliveryId: string }).deliveryId }, 'listening notification failed for good');
        await this.db
          .updateTable('listening_deliveries')
          .set({ status: 'failed', last_error: error.message.slice(0, 500) })
          .where('id', '=', (msg.data as { deliveryId: string }).deliveryId)
          .where('status', '=', 'pending')
          .execute();
      },
    });
  }
}
