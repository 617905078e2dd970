import { useCallback, useState } from 'react';
import type { Locale } from '../../../api.js';
import { LanguageSwitch } from '../../../components/LanguageSwitch.js';
import { Logo } from '../../../components/Logo.js';
import { useI18n } from '../../../i18n/index.js';
import { useTimeFormat } from '../../../time.js';
import { useLoad } from '../../../useLoad.js';
import { dashboardsApi, type Chart, type Period } from './dashboardsApi.js';
import { DashboardView } from './DashboardView.js';
import { PeriodPicker, presetPeriod, type Preset } from './PeriodPicker.js';
import './panels.css';

/**
 * `#/shared/<token>`: a dashboard someone shared, read-only and without signing in
 * (`GET /api/v1/shared/{token}`). No drill-down: shared links expose the numbers, not the items.
 */
export function SharedDashboardPage({ token, onLocaleChange }: { token: string; onLocaleChange(l: Locale): void }) {
  const { t, errorText } = useI18n();
  const time = useTimeFormat();
  const [preset, setPreset] = useState<Preset>('7d');
  const [period, setPeriod] = useState<Period>(() => presetPeriod('7d'));
  const shared = useLoad(() => dashboardsApi.shared(token, period), [token, period]);
  const bucket = shared.data?.dashboard.period.bucket ?? period.bucket;
  const csvUrl = useCallback((chart: Chart) => dashboardsApi.sharedExportUrl(token, chart, { ...period, bucket }), [token, period, bucket]);
  const notFound = shared.error !== null && (shared.error as { status?: number } | null)?.status === 404;

  return (
    <div className="ld-shared">
      <header className="ld-shared-head">
        <Logo />
        <span className="badge badge-muted">{t('ld.shared.readOnly')}</span>
        <LanguageSwitch onChange={onLocaleChange} />
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <section className="page listening" aria-labelledby="page-title">
          <header className="page-header">
            <h1 id="page-title">{shared.data ? shared.data.share.label || shared.data.dashboard.target.name : t('ld.shared.title')}</h1>
            {shared.data && (
              <p className="muted">
                {shared.data.dashboard.target.name} · {t('ld.share.until', { when: time.absolute(shared.data.share.expiresAt) })}
              </p>
            )}
          </header>
          {notFound ? (
            <div className="card" role="alert">
              <h2>{t('ld.shared.gone')}</h2>
              <p>{t('ld.shared.goneBody')}</p>
            </div>
          ) : (
            <>
              <div className="ld-toolbar">
                <PeriodPicker
                  preset={preset}
                  onChange={(p, next) => {
                    setPreset(p);
                    setPeriod(next);
                  }}
                />
              </div>
              {shared.error !== null && (
                <p className="alert alert-error" role="alert">
                  {errorText(shared.error)}
                </p>
              )}
              {shared.loading && !shared.data ? <p role="status">{t('common.loading')}</p> : shared.data && <DashboardView d={shared.data.dashboard} csvUrl={csvUrl} />}
            </>
          )}
        </section>
      </main>
    </div>
  );
}
