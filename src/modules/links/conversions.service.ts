import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, DomainError, invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { systemActor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import type { SecretsStore } from '../secrets/index.js';
import type { LinksTables } from './links.tables.js';
import type { ConversionView } from '../../contracts/links.js';

export type { ConversionView };

export interface ConversionInput {
  eventId: string;
  type: string;
  clickId?: string;
  /** Every click id the landing page saw for this journey (first-click attribution looks at all of them). */
  clickIds?: string[];
  occurredAt?: string;
  value?: number;
  currency?: string;
}

export interface AttributionSettings {
  windowDays: number;
  model: 'last_click' | 'first_click';
  /** Links in published posts and inbox replies become tracked short links (default true). */
  trackLinks: boolean;
}

const ALLOWED = new Set(['eventId', 'type', 'clickId', 'clickIds', 'occurredAt', 'value', 'currency']);
/** Field names that carry personal data: refused by name, whatever their value. */
const PERSONAL = /name|phone|mobile|email|mail|address|birth|rrn|ssn|resident|jumin|account_?no|card_?no|cardnumber|ip|gender|age|customer/i;
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOKS_PERSONAL = /@|^0\d{1,2}-?\d{3,4}-?\d{4}$|^\d{6}-?[1-8]\d{6}$|^\d{4}-?\d{4}-?\d{4}-?\d{4}$/;
const TYPE = /^[a-z][a-z0-9_]{1,49}$/;
export const CONVERSION_TYPES = ['account_opened', 'card_applied', 'loan_started'] as const;
export const WEBHOOK_TOLERANCE_S = 300;

/** Checks an event from the bank's systems: only ids, a type, a time and an amount; never personal data. */
export function validateConversion(body: unknown): ConversionInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('conversion.invalid', 'The event must be a JSON object.');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (ALLOWED.has(key)) continue;
    if (PERSONAL.test(key)) throw invalid('conversion.personal_data', `"${key.slice(0, 40)}" looks like personal data; events carry ids only.`, key.slice(0, 40));
    throw invalid('conversion.unknown_field', `Unknown field "${key.slice(0, 40)}"; events carry ${[...ALLOWED].join(', ')}.`, key.slice(0, 40));
  }
  if (typeof b.eventId !== 'string' || !ID.test(b.eventId)) throw invalid('conversion.invalid', 'eventId is the bank system’s id of the event: letters, digits, _ . : - (at most 100).', 'eventId');
  if (LOOKS_PERSONAL.test(b.eventId)) throw invalid('conversion.personal_data', 'eventId looks like a phone number, e-mail, card or resident number.', 'eventId');
  if (typeof b.type !== 'string' || !TYPE.test(b.type)) throw invalid('conversion.invalid', `type is a lower-case name such as ${CONVERSION_TYPES.join(', ')}.`, 'type');
  if (b.clickId !== undefined && (typeof b.clickId !== 'string' || !UUID.test(b.clickId))) throw invalid('conversion.invalid', 'clickId is the sotong_cid the landing page was given.', 'clickId');
  if (b.clickIds !== undefined && (!Array.isArray(b.clickIds) || b.clickIds.length > 50 || b.clickIds.some((c) => typeof c !== 'string' || !UUID.test(c))))
    throw invalid('conversion.invalid', 'clickIds is a list of at most 50 click ids.', 'clickIds');
  if (b.occurredAt !== undefined && (typeof b.occurredAt !== 'string' || Number.isNaN(Date.parse(b.occurredAt)))) throw invalid('conversion.invalid', 'occurredAt is an ISO 8601 date-time.', 'occurredAt');
  if (b.value !== undefined && (typeof b.value !== 'number' || !Number.isFinite(b.value) || b.value < 0 || b.value > 1e15)) throw invalid('conversion.invalid', 'value is a non-negative amount.', 'value');
  if (b.currency !== undefined && (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency))) throw invalid('conversion.invalid', 'currency is an ISO 4217 code such as KRW.', 'currency');
  return b as unknown as ConversionInput;
}

const present = (r: LinksTables['link_conversions']): ConversionView => ({
  id: r.id,
  eventId: r.event_id,
  type: r.type,
  occurredAt: new Date(r.occurred_at).toISOString(),
  source: r.source,
  clickId: r.click_id,
  linkId: r.link_id,
  postId: r.post_id,
  channel: r.channel,
  campaign: r.campaign,
  attributed: r.attributed,
  reason: r.reason,
  value: r.value === null ? null : Number(r.value),
});

const webhookError = (code: string, message: string) => new DomainError('unauthenticated', code, message);
const SECRET_OWNER = 'links_webhook';

/** Conversions from the bank's systems, attributed to the click, link, post, channel and campaign. */
export class ConversionsService {
  private readonly db: Kysely<LinksTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsStore,
  ) {
    this.db = tables<LinksTables>(store);
  }

  /** The settings, and whether a webhook secret exists (never the secret: it is shown once, when made). */
  async settings(scope: Scope): Promise<AttributionSettings & { webhookSecretSet: boolean }> {
    assertCan(scope, 'links.read');
    const stored = await this.secrets.get(scope.workspaceId, SECRET_OWNER, scope.workspaceId);
    return { ...(await this.settingsOf(scope.workspaceId)), webhookSecretSet: Boolean(stored) };
  }

  private async settingsOf(workspaceId: string): Promise<AttributionSettings> {
    const row = await this.db.selectFrom('link_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    return { windowDays: row?.window_days ?? 30, model: row?.model ?? 'last_click', trackLinks: row?.track_links ?? true };
  }

  async updateSettings(scope: Scope, input: Partial<AttributionSettings>): Promise<AttributionSettings> {
    assertCan(scope, 'links.manage');
    const next = { ...(await this.settingsOf(scope.workspaceId)), ...input };
    if (!Number.isInteger(next.windowDays) || next.windowDays < 1 || next.windowDays > 365) throw invalid('link.bad_window', 'The attribution window is 1 to 365 days.', 'windowDays');
    if (next.model !== 'last_click' && next.model !== 'first_click') throw invalid('link.bad_model', 'The model is last_click or first_click.', 'model');
    if (typeof next.trackLinks !== 'boolean') throw invalid('link.bad_tracking', 'trackLinks is true or false.', 'trackLinks');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('link_settings')
        .values({ workspace_id: scope.workspaceId, window_days: next.windowDays, model: next.model, track_links: next.trackLinks, updated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ window_days: next.windowDays, model: next.model, track_links: next.trackLinks, updated_at: now }))
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'link.attribution_set', targetType: 'workspace', targetId: scope.workspaceId, after: { ...next }, at: now });
    });
    return next;
  }

  /** A new webhook secret for the workspace (shown once; the previous one stops working). */
  async rotateSecret(scope: Scope): Promise<{ secret: string }> {
    assertCan(scope, 'links.manage');
    const secret = `whsec_${crypto.randomBytes(32).toString('base64url')}`;
    await this.db.transaction().execute(async (trx) => {
      await this.secrets.put(scope.workspaceId, SECRET_OWNER, scope.workspaceId, { secret }, trx);
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'link.webhook_secret_rotated', targetType: 'workspace', targetId: scope.workspaceId, at: this.clock.now() });
    });
    return { secret };
  }

  /** Records an event sent by a signed-in integration (API token or user). */
  async record(scope: Scope, body: unknown): Promise<ConversionView> {
    assertCan(scope, 'links.manage');
    return this.store(scope.workspaceId, validateConversion(body), 'api', scope);
  }

  /**
   * The signed webhook: `x-sotong-timestamp` (Unix seconds) and `x-sotong-signature: v1=<hex>`, the
   * HMAC-SHA256 of `<timestamp>.<raw body>` with the workspace's secret. Refused: a missing or wrong
   * signature, a timestamp more than 5 minutes away, and an event id already received (a replay).
   */
  async receiveWebhook(workspaceId: string, headers: { timestamp?: string; signature?: string }, raw: Buffer): Promise<ConversionView> {
    if (!headers.timestamp || !headers.signature) throw webhookError('webhook.signature_missing', 'Sign the event: x-sotong-timestamp and x-sotong-signature headers.');
    if (!/^\d{1,12}$/.test(headers.timestamp)) throw webhookError('webhook.timestamp_invalid', 'x-sotong-timestamp is Unix seconds.');
    const stored = UUID.test(workspaceId) ? await this.secrets.get(workspaceId, SECRET_OWNER, workspaceId) : undefined;
    const expected = crypto
      .createHmac('sha256', stored?.secret ?? crypto.randomBytes(32))
      .update(`${headers.timestamp}.`)
      .update(raw)
      .digest();
    const given = /^v1=([0-9a-f]{64})$/i.exec(headers.signature.trim())?.[1];
    if (!stored || !given || !crypto.timingSafeEqual(Buffer.from(given, 'hex'), expected)) throw webhookError('webhook.signature_invalid', 'The signature does not match this workspace’s webhook secret.');
    const skew = Math.abs(this.clock.now().getTime() / 1000 - Number(headers.timestamp));
    if (skew > WEBHOOK_TOLERANCE_S) throw webhookError('webhook.timestamp_expired', `The timestamp is more than ${WEBHOOK_TOLERANCE_S} seconds away from now; send a fresh one.`);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw invalid('conversion.invalid', 'The body is not JSON.');
    }
    return this.store(workspaceId, validateConversion(body), 'webhook', null);
  }

  private async store(workspaceId: string, input: ConversionInput, source: 'api' | 'webhook', scope: Scope | null): Promise<ConversionView> {
    const now = this.clock.now();
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
    const settings = await this.settingsOf(workspaceId);
    const att = await this.attribute(workspaceId, [...new Set([input.clickId, ...(input.clickIds ?? [])].filter((c): c is string => !!c))], occurredAt, settings);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('link_conversions')
        .values({
          id: crypto.randomUUID(),
          workspace_id: workspaceId,
          event_id: input.eventId,
          type: input.type,
          occurred_at: occurredAt,
          received_at: now,
          source,
          value: input.value ?? null,
          ...att,
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'event_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict('conversion.duplicate', 'This event id was already received (a replay is not counted twice).');
      await appendAudit(trx, {
        workspaceId,
        actor: scope?.actor ?? { ...systemActor, label: 'conversion webhook' },
        action: 'conversion.received',
        targetType: 'conversion',
        targetId: row.id,
        after: { eventId: row.event_id, type: row.type, attributed: row.attributed, campaign: row.campaign },
        at: now,
      });
      return present(row);
    });
  }

  private async attribute(workspaceId: string, clickIds: string[], occurredAt: Date, s: AttributionSettings) {
    const none = (reason: string) => ({ click_id: null, link_id: null, post_id: null, channel: null, campaign: null, attributed: false, reason });
    if (clickIds.length === 0) return none('no_click');
    const clicks = await this.db
      .selectFrom('link_clicks as c')
      .innerJoin('links as l', 'l.id', 'c.link_id')
      .select(['c.id', 'c.at', 'c.link_id', 'l.post_id', 'l.channel', 'l.campaign'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', 'in', clickIds)
      .where('c.bot', '=', false)
      .execute();
    if (clicks.length === 0) return none('unknown_click');
    const from = occurredAt.getTime() - s.windowDays * 86_400_000;
    const inWindow = clicks.filter((c) => new Date(c.at).getTime() <= occurredAt.getTime() + 60_000 && new Date(c.at).getTime() >= from).sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    const pick = s.model === 'first_click' ? inWindow[0] : inWindow[inWindow.length - 1];
    if (!pick) return none('outside_window');
    return { click_id: pick.id, link_id: pick.link_id, post_id: pick.post_id, channel: pick.channel, campaign: pick.campaign, attributed: true, reason: null };
  }

  async get(scope: Scope, id: string): Promise<ConversionView> {
    assertCan(scope, 'links.read');
    const row = UUID.test(id) ? await this.db.selectFrom('link_conversions').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('conversion.not_found', 'No such conversion.');
    return present(row);
  }

  async list(scope: Scope, limit = 100): Promise<ConversionView[]> {
    assertCan(scope, 'links.read');
    const rows = await this.db
      .selectFrom('link_conversions')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .orderBy('occurred_at', 'desc')
      .limit(Math.min(Math.max(1, limit), 1000))
      .execute();
    return rows.map(present);
  }
}
