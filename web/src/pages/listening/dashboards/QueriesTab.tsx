import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { ErrorAlert } from '../../../components/RequestStatus.js';
import { useI18n } from '../../../i18n/index.js';
import { href } from '../../../router.js';
import { useTimeFormat } from '../../../time.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi, type Backfill, type MonitoringQuery } from './dashboardsApi.js';
import { QueryForm } from './QueryForm.js';

const ACTIVE = new Set(['queued', 'running']);

/** Polls a backfill job every 1.5 s until it ends; shows it as a progress bar. */
export function BackfillBar({ initial, onDone }: { initial: Backfill; onDone?(b: Backfill): void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const [job, setJob] = useState(initial);
  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (!ACTIVE.has(job.status)) return;
    const timer = setTimeout(() => {
      dashboardsApi.backfillJob(workspace.id, job.id).then(
        (r) => {
          setJob(r.backfill);
          if (!ACTIVE.has(r.backfill.status)) onDone?.(r.backfill);
        },
        () => setJob((j) => ({ ...j })),
      );
    }, 1500);
    return () => clearTimeout(timer);
  }, [job, workspace.id, onDone]);
  const pct = Math.round((job.status === 'done' ? 1 : job.progress) * 100);
  return (
    <div className="ld-backfill" data-testid="backfill">
      <progress max={100} value={pct} aria-label={t('ld.q.backfill')} />
      <span className="small muted">
        {t(`ld.backfill.${job.status}`)} · {pct}% · {t('ld.backfill.counts', { processed: job.processed, total: job.total ?? '?', matched: job.matched })}
        {job.error ? ` · ${job.error}` : ''}
      </span>
    </div>
  );
}

export function QueriesTab() {
  const { t } = useI18n();
  const { workspace, can } = useWorkspace();
  const time = useTimeFormat();
  const manage = can('listening.manage');
  const list = useLoad(() => dashboardsApi.queries(workspace.id).then((r) => r.queries), [workspace.id]);
  const [jobs, setJobs] = useState<Record<string, Backfill>>({});
  const [editing, setEditing] = useState<MonitoringQuery | 'new'>();
  const [removing, setRemoving] = useState<MonitoringQuery>();
  const [error, setError] = useState<unknown>(null);

  // The newest backfill of each query, so a running one shows its progress after a reload.
  useEffect(() => {
    for (const q of list.data ?? []) {
      dashboardsApi.backfills(workspace.id, q.id).then(
        (r) => r.backfills[0] && setJobs((j) => (j[q.id] ? j : { ...j, [q.id]: r.backfills[0]! })),
        () => undefined,
      );
    }
  }, [list.data, workspace.id]);

  const sets = [...new Set((list.data ?? []).map((q) => q.setId).filter((s): s is string => !!s))];
  const backfill = (q: MonitoringQuery) => dashboardsApi.backfill(workspace.id, q.id).then((r) => setJobs((j) => ({ ...j, [q.id]: r.backfill })), setError);
  const remove = (q: MonitoringQuery) =>
    dashboardsApi
      .deleteQuery(workspace.id, q.id)
      .then(() => {
        setRemoving(undefined);
        list.reload();
      })
      .catch(setError);

  return (
    <div className="ld-queries">
      <div className="ld-toolbar">
        <p className="muted small">{t('ld.q.help')}</p>
        {manage && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="new-query">
            {t('ld.q.new')}
          </button>
        )}
      </div>
      <ErrorAlert error={list.error ?? error} />
      {list.loading && !list.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : (list.data ?? []).length === 0 ? (
        <div className="empty">
          <p>{t('ld.q.empty')}</p>
        </div>
      ) : (
        <ul className="ld-query-list" data-testid="query-list">
          {(list.data ?? []).map((q) => (
            <li key={q.id} className="card ld-query">
              <div className="ld-query-head">
                <h3 translate="no">
                  <a href={href(`/listening/dashboard/query/${encodeURIComponent(q.id)}`)}>{q.name}</a>
                </h3>
                <span className="badge">{t(`ld.kind.${q.kind}`)}</span>
                {q.setId && (
                  <span className="badge badge-muted">
                    {t('ld.q.set')} <span translate="no">{q.setId}</span>
                  </span>
                )}
                {!q.enabled && <span className="badge badge-muted">{t('ld.q.disabled')}</span>}
                {q.alert.enabled && <span className="badge badge-warn">{t('ld.q.alertBadge', { s: t(`ld.sensitivity.${q.alert.sensitivity}`) })}</span>}
              </div>
              <code className="ld-mono" translate="no">
                {q.canonical || q.expression}
              </code>
              <p className="small" data-testid="query-mentions">
                {t('ld.q.mentions', { n: time.number(q.mentions?.count ?? 0) })}
              </p>
              <p className="muted small">{t('ld.q.historyFrom', { when: time.absolute(q.historyFrom) })}</p>
              {/* A backfill that found nothing to read (history written after it ran) says nothing true about the query: hidden. */}
              {jobs[q.id] && (ACTIVE.has(jobs[q.id]!.status) || jobs[q.id]!.status === 'failed' || (jobs[q.id]!.total ?? 0) > 0) && <BackfillBar initial={jobs[q.id]!} />}
              <div className="ld-actions">
                <a className="btn btn-small" href={href(`/listening/dashboard/query/${encodeURIComponent(q.id)}`)}>
                  {t('ld.q.openDashboard')}
                </a>
                {manage && (
                  <>
                    <button type="button" className="btn btn-small" onClick={() => setEditing(q)}>
                      {t('ld.q.edit')}
                    </button>
                    <button type="button" className="btn btn-small" disabled={!!jobs[q.id] && ACTIVE.has(jobs[q.id]!.status)} onClick={() => void backfill(q)}>
                      {t('ld.q.backfill')}
                    </button>
                    <button type="button" className="btn btn-small btn-danger" onClick={() => setRemoving(q)}>
                      {t('ld.q.delete')}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <QueryForm
          initial={editing === 'new' ? undefined : editing}
          sets={sets}
          onClose={() => setEditing(undefined)}
          onSaved={(q, b) => {
            setEditing(undefined);
            if (b) setJobs((j) => ({ ...j, [q.id]: b }));
            list.reload();
          }}
        />
      )}
      {removing && <ConfirmDialog title={t('ld.q.deleteTitle')} body={t('ld.q.deleteBody', { name: removing.name })} confirm={t('ld.q.delete')} danger onConfirm={() => void remove(removing)} onClose={() => setRemoving(undefined)} />}
    </div>
  );
}
