import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/index.js';
import { href, navigate } from '../../../router.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi, type Period, type Target } from './dashboardsApi.js';
import { DashboardView, type DrillRequest } from './DashboardView.js';
import { DrillPanel } from './DrillPanel.js';
import { PeriodPicker, presetPeriod, type Preset } from './PeriodPicker.js';
import { ShareDialog } from './ShareDialog.js';

const targetPath = (t: Target) => `/listening/dashboard/${t.type}/${encodeURIComponent(t.id)}`;

/** One query's or one share-of-voice set's dashboard, for a period, with drill-down and sharing. */
export function DashboardTab({ target }: { target: Target | undefined }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const targets = useLoad(() => Promise.all([dashboardsApi.queries(workspace.id), dashboardsApi.sets(workspace.id)]).then(([q, s]) => ({ queries: q.queries, sets: s.sets })), [workspace.id]);
  const [preset, setPreset] = useState<Preset>('7d');
  const [period, setPeriod] = useState<Period>(() => presetPeriod('7d'));
  const [drill, setDrill] = useState<DrillRequest>();
  const [sharing, setSharing] = useState(false);
  const key = target ? `${target.type}:${target.id}` : '';
  const dash = useLoad(() => (target ? dashboardsApi.dashboard(workspace.id, target, period) : Promise.resolve(undefined)), [workspace.id, key, period]);

  // Without a target in the address, open the first query's dashboard.
  useEffect(() => {
    const first = targets.data?.queries[0];
    if (!target && first) navigate(targetPath({ type: 'query', id: first.id }));
  }, [target, targets.data]);
  useEffect(() => setDrill(undefined), [key]);

  const csvUrl = useCallback(
    (chart: Parameters<typeof dashboardsApi.exportUrl>[2]) => (target ? dashboardsApi.exportUrl(workspace.id, target, chart, { ...period, bucket: dash.data?.period.bucket ?? period.bucket }) : '#'),
    [workspace.id, target, period, dash.data],
  );
  const bucket = dash.data?.period.bucket ?? period.bucket;
  const drillPeriod = useMemo<Period>(() => ({ ...period, bucket }), [period, bucket]);

  if (targets.data && targets.data.queries.length === 0) {
    return (
      <div className="empty">
        <p>{t('ld.d.noQueries')}</p>
        <a href={href('/listening/queries')}>{t('ld.d.makeQuery')}</a>
      </div>
    );
  }

  return (
    <div className={`ld-dash-wrap${drill ? ' with-drill' : ''}`}>
      <div className="ld-dash-main">
        <div className="ld-toolbar">
          <div className="field ld-target">
            <label htmlFor="ld-target">{t('ld.d.target')}</label>
            <select
              id="ld-target"
              value={key}
              onChange={(e) => {
                const [type, ...rest] = e.target.value.split(':');
                if (type === 'query' || type === 'set') navigate(targetPath({ type, id: rest.join(':') }));
              }}
            >
              {!target && <option value="">{t('common.loading')}</option>}
              <optgroup label={t('ld.d.queries')}>
                {(targets.data?.queries ?? []).map((q) => (
                  <option key={q.id} value={`query:${q.id}`}>
                    {q.name}
                  </option>
                ))}
              </optgroup>
              {(targets.data?.sets ?? []).length > 0 && (
                <optgroup label={t('ld.d.sets')}>
                  {(targets.data?.sets ?? []).map((s) => (
                    <option key={s.id} value={`set:${s.id}`}>
                      {t('ld.d.setOption', { set: s.id, names: s.queries.map((q) => q.name).join(', ') })}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </div>
          <PeriodPicker
            preset={preset}
            onChange={(p, next) => {
              setPreset(p);
              setPeriod(next);
            }}
          />
          <div className="ld-actions">
            <button type="button" className="btn btn-small" onClick={() => setPeriod((p) => (preset === 'custom' ? { ...p } : presetPeriod(preset)))}>
              {t('ld.d.refresh')}
            </button>
            {target && can('listening.manage') && (
              <button type="button" className="btn btn-small" onClick={() => setSharing(true)} data-testid="share-button">
                {t('ld.share.button')}
              </button>
            )}
          </div>
        </div>
        {(targets.error ?? dash.error) !== null && (
          <p className="alert alert-error" role="alert">
            {errorText(targets.error ?? dash.error)}
          </p>
        )}
        {dash.loading && !dash.data ? <p role="status">{t('common.loading')}</p> : dash.data && <DashboardView d={dash.data} onDrill={setDrill} csvUrl={csvUrl} />}
      </div>
      {drill && <DrillPanel request={drill} period={drillPeriod} onClose={() => setDrill(undefined)} />}
      {sharing && target && <ShareDialog target={target} onClose={() => setSharing(false)} />}
    </div>
  );
}
