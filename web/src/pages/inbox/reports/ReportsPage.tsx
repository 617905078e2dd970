import { useId, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/index.js';
import { href } from '../../../router.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { useTeams } from '../directory.js';
import { ReportSections } from './ReportSections.js';
import { CSV_KINDS, reportsApi, type CsvKind, type ReportQuery } from './reportsApi.js';
import { PRESETS, periodQuery, seoulToday, type Preset } from './reportsModel.js';
import './reports.css';

/** Inbox → Reports (`#/inbox/reports`): the period and team to report on, the figures, and CSV downloads. */
export function ReportsPage() {
  const { t, errorText, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const teams = useTeams();
  const ids = useId();
  const [preset, setPreset] = useState<Preset>('7d');
  const [custom, setCustom] = useState(() => {
    const today = seoulToday(Date.now());
    return { from: seoulToday(Date.now() - 6 * 86_400_000), to: today };
  });
  const [teamId, setTeamId] = useState('');
  const [kind, setKind] = useState<CsvKind>('summary');
  // "Now" is taken when the choice changes, so a report does not creep while it is on screen.
  const now = useMemo(() => Date.now(), [preset, custom, teamId]);
  const period = useMemo(() => periodQuery(preset, now, custom), [preset, now, custom]);
  const query: ReportQuery | null = period ? { ...period, ...(teamId ? { teamId } : {}) } : null;
  const key = JSON.stringify(query);
  const report = useLoad(() => (query ? reportsApi.report(workspace.id, query) : Promise.resolve(null)), [workspace.id, key]);

  return (
    <section className="page inbox-reports" aria-labelledby="page-title">
      <p>
        <a href={href('/inbox')}>← {t('reports.back')}</a>
      </p>
      <header className="page-header">
        <h1 id="page-title">{t('reports.title')}</h1>
        <p className="muted">{t('reports.intro')}</p>
      </header>

      <form className="card rp-controls" aria-label={t('reports.controls')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${ids}-period`}>{t('reports.period')}</label>
          <select id={`${ids}-period`} value={preset} onChange={(e) => setPreset(e.target.value as Preset)}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`reports.preset.${p}`)}
              </option>
            ))}
          </select>
        </div>
        {preset === 'custom' && (
          <>
            <div className="field">
              <label htmlFor={`${ids}-from`}>{t('reports.from')}</label>
              <input id={`${ids}-from`} type="date" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-to`}>{t('reports.to')}</label>
              <input id={`${ids}-to`} type="date" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </div>
          </>
        )}
        {teams && teams.length > 0 && (
          <div className="field">
            <label htmlFor={`${ids}-team`}>{t('reports.team')}</label>
            <select id={`${ids}-team`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">{t('reports.allTeams')}</option>
              {teams.map((tm) => (
                <option key={tm.id} value={tm.id}>
                  {tm.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field rp-csv">
          <label htmlFor={`${ids}-csv`}>{t('reports.csvKind')}</label>
          <div className="inline-controls">
            <select id={`${ids}-csv`} value={kind} onChange={(e) => setKind(e.target.value as CsvKind)}>
              {CSV_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`reports.csv.${k}`)}
                </option>
              ))}
            </select>
            {query ? (
              <a className="btn btn-small" href={reportsApi.csvUrl(workspace.id, kind, query)} download data-testid="report-csv">
                {t('reports.download')}
              </a>
            ) : (
              <button type="button" className="btn btn-small" disabled>
                {t('reports.download')}
              </button>
            )}
          </div>
        </div>
      </form>

      {!query ? (
        <p className="alert alert-error" role="alert">
          {t('reports.badPeriod')}
        </p>
      ) : report.error !== null ? (
        <p className="alert alert-error" role="alert">
          {errorText(report.error)}
        </p>
      ) : !report.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <div data-testid="report" data-from={report.data.from} data-to={report.data.to}>
          <p className="muted small" role="status">
            {t('reports.range', { from: formatDateTime(report.data.from), to: formatDateTime(report.data.to) })}
          </p>
          <ReportSections r={report.data} />
        </div>
      )}
    </section>
  );
}
