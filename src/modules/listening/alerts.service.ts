/** Crisis alerts as people see them: list, read, acknowledge/resolve/pin, live events, and their messages. */
import type { Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { ReasonParams } from './domain/anomaly.js';
import { formatSeoul } from './domain/seoul-time.js';
import type { Message } from './delivery.js';
import { UUID_RE, iso, type AlertRow, type ListeningDb, type ListeningTables } from './listening.tables.js';
import type { AlertView } from '../../contracts/listening.js';

export type { AlertView };

/** Fan-out subject of live listening events: `{ workspaceId, type: 'alert' | 'crisis', data }`. */
export const EVENT_SUBJECT = 'listening.event';
export interface ListeningEvent {
  workspaceId: string;
  type: 'alert' | 'crisis';
  data: unknown;
}

type Delivery = ListeningTables['listening_deliveries'];

export function presentAlert(a: AlertRow, queryName: string, deliveries: Delivery[] = []): AlertView {
  return {
    id: a.id,
    queryId: a.query_id,
    queryName,
    kind: a.kind,
    hourStart: iso(a.hour_start)!,
    observed: a.observed,
    expected: a.expected === null ? null : Math.round(a.expected * 100) / 100,
    ratio: a.ratio === null ? null : Math.round(a.ratio * 100) / 100,
    score: a.score === null ? null : Math.round(a.score * 100) / 100,
    severity: a.severity,
    reason: a.reason,
    code: a.code,
    reasonParams: (a.reason_params ?? {}) as ReasonParams,
    topItems: a.top_items as Array<{ id: string; text: string; channel: string; author: string | null; reach: number }>,
    topKeywords: a.top_keywords as Array<{ term: string; count: number }>,
    status: a.status,
    pinned: a.pinned,
    notified: a.notified,
    createdAt: iso(a.created_at)!,
    updatedAt: iso(a.updated_at)!,
    deliveries: deliveries.map((d) => ({ channelId: d.channel_id, target: d.target, status: d.status, attempts: d.attempts, lastError: d.last_error })),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const KIND_KO = { negative: '부정 언급', complaint: '불만·민원' } as const;

const WEEKDAY_KO = ['일', '월', '화', '수', '목', '금', '토'];

/** An alert's reason in Korean (the mails are Korean), from its code and numbers; the stored English sentence when they are missing. */
export function reasonKo(a: Pick<AlertView, 'code' | 'reasonParams' | 'reason'>): string {
  const p = a.reasonParams;
  if (!p.hourStart) return a.reason;
  const t = new Date(p.hourStart);
  const s = formatSeoul(t);
  const when = `${Number(s.slice(5, 7))}월 ${Number(s.slice(8, 10))}일(${WEEKDAY_KO[new Date(t.getTime() + 9 * 3_600_000).getUTCDay()]}) ${s.slice(11, 13)}시 KST`;
  if (a.code === 'spike' && p.since) return `${when} 무렵, 직전 한 시간(${p.since}~${p.by}) ${p.observed}건 (평소 같은 시간 예상 ${p.expected}건, ${p.ratio}배, z = ${p.z})`;
  if (a.code === 'spike') return `${when}${p.by ? ` ${p.by}까지` : ''} ${p.observed}건 (평소 이 시간대 예상 ${p.expected}건, ${p.ratio}배, z = ${p.z})`;
  if (a.code === 'cold-start-spike') return `${when} ${p.observed}건: 쌓인 기록이 ${p.hours}시간뿐이라 시간당 ${p.limit}건 이상이면 알립니다`;
  return a.reason;
}

/** The e-mail / webhook message of an alert. */
export function alertMessage(a: AlertView, link: string | null): Message {
  const ratio = a.ratio === null ? '' : ` (${a.ratio.toFixed(1)}×)`;
  const subject = `[소통] 위기 알림 ${a.severity.toUpperCase()}: ${a.queryName} ${KIND_KO[a.kind]} 급증${ratio}`;
  const lines = [
    subject,
    `${formatSeoul(new Date(a.hourStart)).slice(0, 16).replace('T', ' ')} KST · ${a.observed}건 (평소 ${a.expected ?? '–'}건)`,
    reasonKo(a),
    ...(a.topKeywords.length
      ? [
          `키워드: ${a.topKeywords
            .slice(0, 8)
            .map((k) => k.term)
            .join(', ')}`,
        ]
      : []),
    ...a.topItems.slice(0, 5).map((i) => `- [${i.channel}] ${i.author ?? ''}: ${i.text.slice(0, 140).replace(/\s+/g, ' ')}`),
    ...(link ? [link] : []),
  ];
  const html =
    `<h2>${esc(subject)}</h2><p>${esc(lines[1]!)}</p><p>${esc(reasonKo(a))}</p>` +
    (a.topKeywords.length
      ? `<p><b>키워드</b>: ${esc(
          a.topKeywords
            .slice(0, 8)
            .map((k) => k.term)
            .join(', '),
        )}</p>`
      : '') +
    `<ul>${a.topItems
      .slice(0, 5)
      .map((i) => `<li>[${esc(i.channel)}] ${esc(i.author ?? '')}: ${esc(i.text.slice(0, 280))}</li>`)
      .join('')}</ul>` +
    (link ? `<p><a href="${esc(link)}">${esc(link)}</a></p>` : '');
  return { event: 'listening.alert', subject, text: lines.join('\n'), html, data: { alert: a, url: link } };
}

export class AlertsService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  async views(rows: AlertRow[]): Promise<AlertView[]> {
    if (rows.length === 0) return [];
    const names = new Map(
      (
        await this.db
          .selectFrom('listening_queries')
          .select(['id', 'name'])
          .where('id', 'in', [...new Set(rows.map((r) => r.query_id))])
          .execute()
      ).map((q) => [q.id, q.name]),
    );
    const ds = await this.db
      .selectFrom('listening_deliveries')
      .selectAll()
      .where(
        'alert_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('created_at')
      .execute();
    return rows.map((r) =>
      presentAlert(
        r,
        names.get(r.query_id) ?? '',
        ds.filter((d) => d.alert_id === r.id),
      ),
    );
  }

  async view(id: string): Promise<AlertView | null> {
    const row = await this.db.selectFrom('listening_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.views([row]))[0]! : null;
  }

  async list(scope: Scope, f: { status?: AlertRow['status']; queryId?: string; pinned?: boolean; before?: string; limit?: number }): Promise<AlertView[]> {
    assertCan(scope, 'listening.read');
    let q = this.db.selectFrom('listening_alerts').selectAll().where('workspace_id', '=', scope.workspaceId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.queryId) q = UUID_RE.test(f.queryId) ? q.where('query_id', '=', f.queryId) : q.where('query_id', '=', '00000000-0000-4000-8000-000000000000');
    if (f.pinned !== undefined) q = q.where('pinned', '=', f.pinned);
    if (f.before) q = q.where('created_at', '<', new Date(f.before));
    return this.views(
      await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(200, f.limit ?? 50))
        .execute(),
    );
  }

  private async row(scope: Scope, id: string, db: Kysely<ListeningDb> = this.db): Promise<AlertRow> {
    const row = UUID_RE.test(id) ? await db.selectFrom('listening_alerts').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('listening.alert_not_found', 'No such alert.');
    return row;
  }

  async get(scope: Scope, id: string): Promise<AlertView> {
    assertCan(scope, 'listening.read');
    return (await this.views([await this.row(scope, id)]))[0]!;
  }

  async update(scope: Scope, id: string, input: { status?: AlertRow['status']; pinned?: boolean }): Promise<AlertView> {
    assertCan(scope, 'listening.manage');
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      const status = input.status ?? before.status;
      const after = await trx
        .updateTable('listening_alerts')
        .set({
          status,
          pinned: input.pinned ?? before.pinned,
          updated_at: now,
          acknowledged_at: status !== 'open' ? (before.acknowledged_at ?? now) : before.acknowledged_at,
          resolved_at: status === 'resolved' ? (before.resolved_at ?? now) : null,
        })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'listening.alert_updated',
        targetType: 'listening_alert',
        targetId: before.id,
        before: { status: before.status, pinned: before.pinned },
        after: { status: after.status, pinned: after.pinned },
        at: now,
      });
      return after;
    });
    const view = (await this.views([row]))[0]!;
    await this.emit(scope.workspaceId, 'alert', view);
    return view;
  }

  async emit(workspaceId: string, type: ListeningEvent['type'], data: unknown): Promise<void> {
    await this.bus.publish(EVENT_SUBJECT, { workspaceId, type, data } satisfies ListeningEvent).catch(() => undefined);
  }
}
