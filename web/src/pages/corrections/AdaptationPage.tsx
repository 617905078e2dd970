import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { correctionsApi, type CorrectionTask, type Figures, type VersionView } from './correctionsApi.js';

const TASKS: CorrectionTask[] = ['sentiment', 'complaint', 'intents', 'abuse'];

/** A corrected label in words: 부정, 민원 맞음, 문의 · 해지 의향, … */
export function useLabelText() {
  const { t, tMaybe } = useI18n();
  return (task: CorrectionTask, label: string): string => {
    if (task === 'complaint') return label === 'yes' ? t('correct.complaintYes') : t('correct.complaintNo');
    if (task === 'sentiment') return tMaybe(`sentiment.${label}`) ?? label;
    if (task === 'abuse') return label === 'none' ? t('correct.abuseNone') : (tMaybe(`abuse.${label}`) ?? label);
    if (label === 'none' || label === '') return t('common.none');
    return label
      .split(',')
      .map((i) => tMaybe(`intent.${i}`) ?? i)
      .join(' · ');
  };
}

function FigureList({ f }: { f: Figures }) {
  const { t } = useI18n();
  const rows = TASKS.filter((k) => f[k]);
  if (rows.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="plain-list small">
      {rows.map((k) => (
        <li key={k}>{t('adapt.figure', { task: t(`adapt.task.${k}`), f1: f[k]!.f1.toFixed(2), acc: Math.round(f[k]!.accuracy * 100), n: f[k]!.n })}</li>
      ))}
    </ul>
  );
}

/** Settings → Analysis model: the workspace's adaptation versions, roll-back, and the corrections (TSV). */
export function AdaptationPage() {
  const { t, errorText, formatDateTime } = useI18n();
  const { workspace, can } = useWorkspace();
  const manage = can('settings.manage');
  const labelText = useLabelText();
  const state = useLoad(() => (manage ? correctionsApi.adaptation(workspace.id).then((r) => r.adaptation) : Promise.resolve(undefined)), [workspace.id, manage]);
  const recent = useLoad(() => correctionsApi.list(workspace.id, 20), [workspace.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmNone, setConfirmNone] = useState(false);
  const pending = !!state.data && (!!state.data.pending.train || !!state.data.pending.rescore);

  // While a version is being learned or items re-scored, look again every 2 s.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(state.reload, 2000);
    return () => clearInterval(timer);
  }, [pending, state.reload]);

  const act = (p: Promise<{ adaptation: NonNullable<typeof state.data> }>) => {
    setBusy(true);
    setError(null);
    p.then((r) => state.setData(() => r.adaptation))
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => {
        setBusy(false);
        setConfirmNone(false);
      });
  };
  const activeVersion = state.data?.activeVersion ?? null;
  const actionFor = (v: VersionView) => (v.active ? null : activeVersion !== null && v.version < activeVersion ? t('adapt.rollback') : t('adapt.use'));

  return (
    <div className="panel" data-testid="adaptation-page">
      <div className="panel-head with-action">
        <div>
          <h2>{t('adapt.title')}</h2>
          <p className="muted">{t('adapt.intro')}</p>
        </div>
        <a className="btn" href={correctionsApi.exportUrl(workspace.id)} download data-testid="corrections-download">
          {t('adapt.download')}
        </a>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}

      {manage && (
        <section className="card" aria-labelledby="adapt-versions">
          {state.error ? (
            <div className="alert alert-error" role="alert">
              {errorText(state.error)}{' '}
              <button type="button" className="btn btn-small" onClick={state.reload}>
                {t('common.retry')}
              </button>
            </div>
          ) : !state.data ? (
            <p role="status">{t('common.loading')}</p>
          ) : (
            <>
              <div className="panel-head with-action">
                <div>
                  <h3 id="adapt-versions">{t('adapt.versions')}</h3>
                  <p>
                    {t('adapt.active')}: <strong data-testid="active-version">{activeVersion === null ? t('adapt.none') : `v${activeVersion}`}</strong>
                    {' · '}
                    {t('adapt.corrections', { n: state.data.corrections })}
                  </p>
                  {state.data.pending.train && (
                    <p className="muted small" role="status">
                      {t('adapt.pendingTrain', { when: formatDateTime(state.data.pending.train) })}
                    </p>
                  )}
                  {state.data.pending.rescore && (
                    <p className="muted small" role="status">
                      {t('adapt.pendingRescore')}
                    </p>
                  )}
                </div>
                <div className="form-actions">
                  <button type="button" className="btn" disabled={busy || state.data.corrections === 0} onClick={() => act(correctionsApi.trainNow(workspace.id))}>
                    {t('adapt.trainNow')}
                  </button>
                  {activeVersion !== null && (
                    <button type="button" className="btn" disabled={busy} onClick={() => setConfirmNone(true)} data-testid="use-none">
                      {t('adapt.useNone')}
                    </button>
                  )}
                </div>
              </div>
              {state.data.versions.length === 0 ? (
                <p className="empty">{t('adapt.noVersions')}</p>
              ) : (
                <div className="table-wrap">
                  <table className="table stack" aria-labelledby="adapt-versions" data-testid="versions-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('adapt.version')}</th>
                        <th scope="col">{t('adapt.created')}</th>
                        <th scope="col">{t('adapt.used')}</th>
                        <th scope="col">{t('adapt.before')}</th>
                        <th scope="col">{t('adapt.after')}</th>
                        <th scope="col">{t('adapt.status')}</th>
                        <th scope="col">{t('common.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {state.data.versions.map((v) => (
                        <tr key={v.id} data-version={v.version} data-active={v.active}>
                          <td data-label={t('adapt.version')}>
                            <strong>v{v.version}</strong>
                          </td>
                          <td data-label={t('adapt.created')}>{formatDateTime(v.createdAt)}</td>
                          <td data-label={t('adapt.used')}>
                            {v.corrections}
                            <span className="muted small block">{t('adapt.folds', { k: v.folds })}</span>
                          </td>
                          <td data-label={t('adapt.before')}>
                            <FigureList f={v.before} />
                          </td>
                          <td data-label={t('adapt.after')}>
                            <FigureList f={v.after} />
                          </td>
                          <td data-label={t('adapt.status')}>
                            {v.active ? (
                              <span className="badge badge-ok">{t('adapt.statusActive')}</span>
                            ) : v.accepted ? (
                              <span className="badge badge-muted">{t('adapt.statusKept')}</span>
                            ) : (
                              <span className="badge badge-danger">{t('adapt.statusRejected', { reason: v.reason ?? '' })}</span>
                            )}
                          </td>
                          <td data-label={t('common.actions')}>
                            {actionFor(v) && (
                              <button type="button" className="btn btn-small" disabled={busy} onClick={() => act(correctionsApi.activate(workspace.id, v.id))}>
                                {actionFor(v)}
                              </button>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="adapt-recent">
        <h3 id="adapt-recent">{t('adapt.recent')}</h3>
        {recent.error ? (
          <p className="alert alert-error" role="alert">
            {errorText(recent.error)}
          </p>
        ) : !recent.data ? (
          <p role="status">{t('common.loading')}</p>
        ) : recent.data.corrections.length === 0 ? (
          <p className="empty">{t('adapt.noCorrections')}</p>
        ) : (
          <ul className="plain-list correction-list" data-testid="recent-corrections">
            {recent.data.corrections.map((c) => (
              <li key={c.id}>
                <span className="badge">{t(`adapt.task.${c.task}`)}</span> {t('adapt.change', { was: labelText(c.task, c.oldLabel), now: labelText(c.task, c.newLabel) })}
                <span className="muted small block">
                  {c.by} · {formatDateTime(c.at)} · “{c.text.length > 80 ? `${c.text.slice(0, 80)}…` : c.text}”
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {confirmNone && (
        <ConfirmDialog title={t('adapt.useNone')} body={t('adapt.confirmNone')} confirm={t('adapt.useNone')} busy={busy} onConfirm={() => act(correctionsApi.activate(workspace.id, null))} onClose={() => setConfirmNone(false)} />
      )}
    </div>
  );
}
