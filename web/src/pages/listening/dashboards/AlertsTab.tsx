import { useMemo, useState } from 'react';
import { channelLabel } from '../../../channelLabel.js';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { Dialog } from '../../../components/Dialog.js';
import { Icon } from '../../../components/Icon.js';
import { useI18n, type I18n } from '../../../i18n/index.js';
import { href } from '../../../router.js';
import { DISPLAY_TIME_ZONE, useTimeFormat } from '../../../time.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi, type Alert } from './dashboardsApi.js';
import type { AlertFeed } from './useAlertFeed.js';
import { DrillButton } from '../settings/DrillButton.js';

const STATUSES = ['', 'open', 'acknowledged', 'resolved'] as const;
const SEVERITY_CLASS: Record<Alert['severity'], string> = { warning: 'badge-warn', high: 'badge-danger', critical: 'badge-danger critical' };

/** The hour an alert judged, on the Seoul clock, named ("11월 22일 (일) 23시 KST", "Sun 22 Nov, 23:00 KST"). */
function alertHour(locale: string, iso: string): string {
  const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
  const f = new Intl.DateTimeFormat(tag, { timeZone: DISPLAY_TIME_ZONE, month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${f.format(new Date(iso))} KST`;
}

/** Why an alert was raised, in the UI language, from the detector's code and numbers. */
export function alertReason(t: I18n['t'], locale: string, a: Alert): string {
  const p = a.reasonParams ?? {};
  if (!p.hourStart) return t('reason.unknown');
  const when = alertHour(locale, p.hourStart);
  if (a.code === 'spike')
    return t(p.since ? 'reason.spikeWindow' : p.by ? 'reason.spikeBy' : 'reason.spike', { when, since: p.since ?? '', by: p.by ?? '', n: p.observed ?? a.observed, expected: p.expected ?? '–', ratio: p.ratio ?? '–', z: p.z ?? '–' });
  if (a.code === 'cold-start-spike') return t('reason.cold-start-spike', { when, n: p.observed ?? a.observed, hours: p.hours ?? 0, limit: p.limit ?? 0 });
  return t('reason.unknown');
}

function AlertCard({ a, manage, onPatch }: { a: Alert; manage: boolean; onPatch(patch: { status?: Alert['status']; pinned?: boolean }): void }) {
  const { t, tMaybe, locale } = useI18n();
  const time = useTimeFormat();
  return (
    <li className={`card ld-alert sev-${a.severity}${a.pinned ? ' pinned' : ''}`} data-testid="alert-card" data-status={a.status}>
      <div className="ld-alert-head">
        <span className={`badge ${SEVERITY_CLASS[a.severity]}`}>{t(`ld.severity.${a.severity}`)}</span>
        <h3 translate="no">
          <a href={href(`/listening/dashboard/query/${encodeURIComponent(a.queryId)}`)}>{a.queryName}</a>
        </h3>
        <span className="badge badge-muted">{t(`ld.alertKind.${a.kind}`)}</span>
        <span className="badge">{t(`ld.status.${a.status}`)}</span>
        {a.pinned && <span className="badge badge-info">{t('ld.a.pinned')}</span>}
      </div>
      <p className="ld-spike">
        <strong>{t('ld.a.observed', { n: a.observed })}</strong> {a.expected !== null && <span>{t('ld.a.expected', { n: Math.round(a.expected * 10) / 10 })}</span>}{' '}
        {a.ratio !== null && <span className="ld-ratio">×{Math.round(a.ratio * 10) / 10}</span>}{' '}
        <span className="muted small">
          {time.absolute(a.hourStart)}
          {a.score !== null ? ` · z ${Math.round(a.score * 10) / 10}` : ''}
        </span>
      </p>
      <p className="small" data-testid="alert-reason">
        {alertReason(t, locale, a)}
      </p>
      {a.topKeywords.length > 0 && (
        <p className="ld-chips" aria-label={t('ld.a.keywords')} translate="no">
          {a.topKeywords.map((k) => (
            <span key={k.term} className="badge badge-muted">
              {k.term} {k.count}
            </span>
          ))}
        </p>
      )}
      {a.topItems.length > 0 && (
        <details>
          <summary>{t('ld.a.items', { n: a.topItems.length })}</summary>
          <ul className="ld-alert-items">
            {a.topItems.map((i) => (
              <li key={i.id}>
                <span className="small muted">
                  {channelLabel(tMaybe, i.channel)} · <span translate="no">{i.author ?? '—'}</span> · {t('ld.a.reach', { n: i.reach })}
                </span>
                <p translate="no">{i.text}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
      {manage && (
        <div className="ld-actions">
          {a.status === 'open' && (
            <button type="button" className="btn btn-small" onClick={() => onPatch({ status: 'acknowledged' })}>
              {t('ld.a.acknowledge')}
            </button>
          )}
          {a.status !== 'resolved' ? (
            <button type="button" className="btn btn-small" onClick={() => onPatch({ status: 'resolved' })}>
              {t('ld.a.resolve')}
            </button>
          ) : (
            <button type="button" className="btn btn-small" onClick={() => onPatch({ status: 'open' })}>
              {t('ld.a.reopen')}
            </button>
          )}
          <button type="button" className="btn btn-small" aria-pressed={a.pinned} onClick={() => onPatch({ pinned: !a.pinned })}>
            {a.pinned ? t('ld.a.unpin') : t('ld.a.pin')}
          </button>
        </div>
      )}
    </li>
  );
}

/** Crisis alerts, newest first with pinned ones on top; live additions from the feed; crisis-mode switch. */
export function AlertsTab({ feed }: { feed: AlertFeed }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const manage = can('listening.manage');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const list = useLoad(() => dashboardsApi.alerts(workspace.id, { status: status || undefined, limit: 100 }).then((r) => r.alerts), [workspace.id, status]);
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const alerts = useMemo(() => {
    const byId = new Map((list.data ?? []).map((a) => [a.id, a]));
    // A live copy wins only when it is newer than the listed one (a PATCH or crisis pin may be newer than the event).
    for (const a of [...feed.live].reverse()) {
      const known = byId.get(a.id);
      if (!known || a.updatedAt > known.updatedAt) byId.set(a.id, a);
    }
    return [...byId.values()].filter((a) => !status || a.status === status).sort((x, y) => Number(y.pinned) - Number(x.pinned) || y.hourStart.localeCompare(x.hourStart) || y.createdAt.localeCompare(x.createdAt));
  }, [list.data, feed.live, status]);

  const patch = (a: Alert, p: { status?: Alert['status']; pinned?: boolean }) =>
    dashboardsApi
      .updateAlert(workspace.id, a.id, p)
      .then((r) => list.setData((old) => old?.map((x) => (x.id === a.id ? r.alert : x))))
      .catch(setError);

  const crisisOn = feed.crisis?.active === true;
  const toggleCrisis = () => {
    setBusy(true);
    // The alert that sets it off: the newest open one, else the newest still being handled.
    const newest = alerts.find((a) => a.status === 'open') ?? alerts.find((a) => a.status === 'acknowledged');
    dashboardsApi
      .setCrisis(workspace.id, crisisOn ? { active: false } : { active: true, reason: reason.trim() || undefined, alertId: newest?.id })
      .then((r) => {
        feed.setCrisis(r.crisis);
        setConfirm(false);
        setReason('');
        list.reload();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <div className="ld-alerts">
      <div className="ld-toolbar">
        <div className="field">
          <label htmlFor="alert-status">{t('ld.a.status')}</label>
          <select id="alert-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? t(`ld.status.${s}`) : t('listening.all')}
              </option>
            ))}
          </select>
        </div>
        <span className="small muted">{feed.mode === 'sse' ? t('ld.a.liveSse') : t('ld.a.livePoll')}</span>
        <DrillButton />
        {manage && (
          <button type="button" className={`btn ${crisisOn ? 'btn-danger-solid' : 'btn-danger'} ld-crisis-switch`} role="switch" aria-checked={crisisOn} onClick={() => setConfirm(true)} data-testid="crisis-switch">
            <Icon name="warning" size={16} />
            {crisisOn ? t('ld.crisis.switchOn') : t('ld.crisis.switchOff')}
          </button>
        )}
      </div>
      {(list.error ?? error) !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(list.error ?? error)}
        </p>
      )}
      {list.loading && !list.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : alerts.length === 0 ? (
        <div className="empty">
          <p>{t('ld.a.empty')}</p>
        </div>
      ) : (
        <ul className="ld-alert-list" data-testid="alert-list">
          {alerts.map((a) => (
            <AlertCard key={a.id} a={a} manage={manage} onPatch={(p) => void patch(a, p)} />
          ))}
        </ul>
      )}
      {confirm &&
        (crisisOn ? (
          <ConfirmDialog title={t('ld.crisis.offTitle')} body={t('ld.crisis.offBody')} confirm={t('ld.crisis.turnOff')} busy={busy} onConfirm={toggleCrisis} onClose={() => setConfirm(false)} />
        ) : (
          <ConfirmDialogWithReason
            title={t('ld.crisis.onTitle')}
            body={t('ld.crisis.onBody')}
            confirm={t('ld.crisis.turnOn')}
            label={t('ld.crisis.reason')}
            reason={reason}
            onReason={setReason}
            busy={busy}
            onConfirm={toggleCrisis}
            onClose={() => setConfirm(false)}
          />
        ))}
    </div>
  );
}

/** Turning crisis mode on: says what it does and takes an optional reason. */
function ConfirmDialogWithReason(props: { title: string; body: string; confirm: string; label: string; reason: string; onReason(r: string): void; busy: boolean; onConfirm(): void; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        <p>{props.body}</p>
        <div className="field">
          <label htmlFor="crisis-reason">{props.label}</label>
          <input id="crisis-reason" maxLength={500} value={props.reason} onChange={(e) => props.onReason(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onClose} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger-solid" disabled={props.busy} data-testid="crisis-confirm">
            {props.confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
