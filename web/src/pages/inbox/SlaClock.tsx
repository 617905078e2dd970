import { useI18n, type I18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import type { Conversation, SlaTimer } from './inboxApi.js';

export type SlaLevel = 'ok' | 'warn' | 'breached' | 'met' | 'paused' | 'cancelled';

/**
 * How urgent a due time is: breached once it has passed, `warn` in the last 20 % of the time allowed
 * (counted from `startedAt`; without one, from the last hour), otherwise ok.
 */
export function slaLevel(dueAt: string, startedAt: string | null | undefined, now: number): SlaLevel {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return 'ok';
  if (now >= due) return 'breached';
  const start = startedAt ? Date.parse(startedAt) : NaN;
  const total = Number.isNaN(start) || start >= due ? 3_600_000 : due - start;
  return due - now <= total * 0.2 ? 'warn' : 'ok';
}

/** A countdown in whole units: "45분", "2시간 5분", "3일 4시간" (never "58.8분"). */
export function span(t: I18n['t'], ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 1) return t('inbox.dur.s');
  if (min < 60) return t('inbox.dur.m', { m: min });
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? t('inbox.dur.hm', { h, m: min % 60 }) : t('inbox.dur.h', { h });
  const d = Math.floor(h / 24);
  return h % 24 ? t('inbox.dur.dh', { d, h: h % 24 }) : t('inbox.dur.d', { d });
}

/** The queue's countdown: to `slaDueAt`, started at the customer's message that is waiting. */
export function QueueSla({ conv, now }: { conv: Conversation; now: number }) {
  const { t } = useI18n();
  const time = useTimeFormat();
  if (!conv.slaDueAt || conv.status === 'resolved' || conv.status === 'closed') return null;
  const level = slaLevel(conv.slaDueAt, conv.lastCustomerMessageAt ?? conv.createdAt, now);
  const left = Date.parse(conv.slaDueAt) - now;
  const text = left < 0 ? t('inbox.sla.overdue', { d: span(t, -left) }) : t('inbox.sla.left', { d: span(t, left) });
  return (
    <span className={`sla sla-${level}`} title={`${t('inbox.sla.due')}: ${time.absolute(conv.slaDueAt)}`} data-testid="sla">
      <span className="sla-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** One timer of the conversation's SLA (first response, next response, resolution), as the server reports it. */
export function TimerRow({ timer, now }: { timer: SlaTimer; now: number }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  const kind = tMaybe(`inbox.sla.kind.${timer.kind}`) ?? timer.kind;
  let level: SlaLevel;
  let text: string;
  switch (timer.state) {
    case 'met':
      level = 'met';
      if (timer.metAt && timer.startedAt) {
        const took = Date.parse(timer.metAt) - Date.parse(timer.startedAt);
        text = took < 60_000 ? t('inbox.sla.metQuick') : t('inbox.sla.metIn', { d: span(t, took) });
      } else text = t('inbox.sla.met');
      break;
    case 'breached':
      level = 'breached';
      text = timer.dueAt && (timer.clock === 'running' || !timer.stoppedAt) ? t('inbox.sla.overdue', { d: span(t, now - Date.parse(timer.dueAt)) }) : t('inbox.sla.breached');
      break;
    case 'paused':
      level = 'paused';
      text = t('inbox.sla.paused');
      break;
    case 'cancelled':
    case 'inactive':
      level = 'cancelled';
      text = t('inbox.sla.cancelled');
      break;
    default: {
      const due = timer.dueAt ? Date.parse(timer.dueAt) : NaN;
      const left = Number.isNaN(due) ? (timer.remainingMs ?? 0) : due - now;
      level = left <= 0 ? 'breached' : timer.state === 'warning' || (timer.warningAt && now >= Date.parse(timer.warningAt)) ? 'warn' : timer.dueAt ? slaLevel(timer.dueAt, timer.startedAt, now) : 'ok';
      text = left < 0 ? t('inbox.sla.overdue', { d: span(t, -left) }) : t('inbox.sla.left', { d: span(t, left) });
    }
  }
  return (
    <li className={`sla-timer sla-${level}`} data-testid={`sla-${timer.kind}`} data-state={timer.state}>
      <span className="sla-kind">{kind}</span>
      <span className="sla-value" title={timer.metAt ? time.absolute(timer.metAt) : timer.dueAt ? `${t('inbox.sla.due')}: ${time.absolute(timer.dueAt)}` : undefined}>
        <span className="sla-dot" aria-hidden="true" />
        {text}
      </span>
      {timer.targetMs === null ? null : <span className="muted small">{t('inbox.sla.target', { d: span(t, timer.targetMs) })}</span>}
    </li>
  );
}
