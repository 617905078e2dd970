import { useMemo, useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { channelLabel } from '../../channelLabel.js';
import { EChart } from '../listening/dashboards/ChartCard.js';
import { DIMENSIONS, linksApi, type Dimension, type Report } from './linksApi.js';
import { LinksSettings } from './LinksSettings.js';

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/** Tracked links: create one, see clicks, unique visitors and conversions by link, channel or campaign. */
export function LinksPage() {
  const { t, tMaybe, errorText, formatDateTime, locale } = useI18n();
  const { workspace, can } = useWorkspace();
  const regions = useMemo(() => new Intl.DisplayNames([locale], { type: 'region' }), [locale]);
  const [by, setBy] = useState<Dimension>('campaign');
  const report = useLoad(() => linksApi.report(workspace.id, by), [workspace.id, by]);
  const links = useLoad(() => linksApi.list(workspace.id).then((r) => r.links), [workspace.id]);
  const conversions = useLoad(() => linksApi.conversions(workspace.id).then((r) => r.conversions), [workspace.id]);
  const [form, setForm] = useState({ url: '', campaign: '', channel: '', title: '' });
  const [created, setCreated] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const none = t('links.none');
  const country = (code: string) => {
    try {
      return regions.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const label = (key: string, raw: string) => (key === '(none)' ? (by === 'country' ? t('links.country.unknown') : none) : by === 'channel' ? channelLabel(tMaybe, raw) : by === 'country' ? country(raw) : raw);
  const typeLabel = (type: string) => tMaybe(`links.type.${type}`) ?? type;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFormError(undefined);
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '')) as { url: string };
    linksApi
      .create(workspace.id, body)
      .then((r) => {
        setCreated(r.link.shortUrl);
        setForm({ url: '', campaign: form.campaign, channel: form.channel, title: '' });
        links.reload();
      })
      .catch((err: unknown) => setFormError(errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="page" aria-labelledby="links-title">
      <div className="panel-head">
        <h1 id="links-title">{t('links.title')}</h1>
        <p className="muted">{t('links.intro')}</p>
      </div>

      {can('links.manage') && (
        <form className="card form-card" onSubmit={submit} aria-label={t('links.create')} data-testid="link-form">
          <h2>{t('links.create')}</h2>
          {formError && (
            <p className="alert alert-error" role="alert">
              {formError}
            </p>
          )}
          <div className="form-grid">
            {(['url', 'title', 'campaign', 'channel'] as const).map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`link-${f}`}>
                  {t(f === 'url' ? 'links.url' : f === 'title' ? 'links.linkTitle' : `links.${f}`)}
                  {f !== 'url' && <span className="muted"> ({t('common.optional')})</span>}
                </label>
                <input id={`link-${f}`} type={f === 'url' ? 'url' : 'text'} required={f === 'url'} value={form[f]} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
              </div>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('links.submit')}
            </button>
          </div>
          {created && (
            <p role="status" data-testid="link-created">
              {t('links.created')}: <code>{created}</code>
            </p>
          )}
        </form>
      )}

      <div className="card">
        <div className="ld-card-head">
          <label>
            {t('links.by')}{' '}
            <select value={by} onChange={(e) => setBy(e.target.value as Dimension)} data-testid="links-by">
              {DIMENSIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`links.by.${d}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <a className="btn btn-small" href={linksApi.csvUrl(workspace.id, by)} download data-testid="links-csv">
            CSV
          </a>
        </div>
        {report.error ? (
          <p className="alert alert-error" role="alert">
            {errorText(report.error)}
          </p>
        ) : !report.data ? (
          <p role="status">{t('common.loading')}</p>
        ) : report.data.rows.length === 0 ? (
          <p className="empty">{t('links.empty')}</p>
        ) : (
          <ReportView report={report.data} label={label} />
        )}
      </div>

      <div className="card">
        <h2>{t('links.recent')}</h2>
        {conversions.data && conversions.data.length === 0 && <p className="empty">{t('links.recentEmpty')}</p>}
        {conversions.data && conversions.data.length > 0 && (
          <div className="table-wrap">
            <table className="table stack" aria-label={t('links.recent')} data-testid="conversions-table">
              <thead>
                <tr>
                  <th scope="col">{t('links.conv.type')}</th>
                  <th scope="col">{t('links.campaign')}</th>
                  <th scope="col">{t('links.channel')}</th>
                  <th scope="col">{t('links.conv.when')}</th>
                </tr>
              </thead>
              <tbody>
                {conversions.data.map((c) => (
                  <tr key={c.id}>
                    <td>{typeLabel(c.type)}</td>
                    <td>{c.attributed ? (c.campaign ?? none) : t('links.conv.unattributed')}</td>
                    <td>{c.channel ? channelLabel(tMaybe, c.channel) : none}</td>
                    <td>{formatDateTime(c.occurredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card">
        <h2>{t('links.list')}</h2>
        {links.data && (
          <div className="table-wrap">
            <table className="table stack" aria-label={t('links.list')} data-testid="links-table">
              <thead>
                <tr>
                  <th scope="col">{t('links.col.name')}</th>
                  <th scope="col">{t('links.list.short')}</th>
                  <th scope="col">{t('links.campaign')}</th>
                  <th scope="col">{t('links.channel')}</th>
                  <th scope="col">{t('links.list.expires')}</th>
                </tr>
              </thead>
              <tbody>
                {links.data.map((l) => (
                  <tr key={l.id}>
                    <td>
                      {l.title ?? l.code}
                      <span className="muted small block">{l.targetUrl}</span>
                    </td>
                    <td>
                      <code>{l.shortUrl}</code>
                    </td>
                    <td>{l.campaign ?? none}</td>
                    <td>{l.channel ? channelLabel(tMaybe, l.channel) : none}</td>
                    <td>{l.expiresAt ? formatDateTime(l.expiresAt) : t('links.list.never')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {can('links.manage') && <LinksSettings />}
    </section>
  );
}

function ReportView({ report, label }: { report: Report; label(key: string, raw: string): string }) {
  const { t } = useI18n();
  const rows = report.rows.slice(0, 15);
  const bars = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('links.col.clicks'), t('links.col.conversions')] },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => label(r.key, r.label)), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('links.col.clicks'), type: 'bar', data: rows.map((r) => r.clicks) },
        { name: t('links.col.conversions'), type: 'bar', data: rows.map((r) => r.conversions) },
      ],
    }),
    [report, t],
  );
  const daily = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('links.col.clicks'), t('links.col.conversions')] },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: report.daily.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('links.col.clicks'), type: 'line', data: report.daily.map((d) => d.clicks) },
        { name: t('links.col.conversions'), type: 'line', data: report.daily.map((d) => d.conversions) },
      ],
    }),
    [report, t],
  );
  return (
    <>
      <EChart option={bars} label={t('links.chart')} />
      <EChart option={daily} label={t('links.daily')} height={200} />
      <div className="table-wrap">
        <table className="table stack" aria-label={t('links.table')} data-testid="links-report">
          <thead>
            <tr>
              <th scope="col">{t('links.col.name')}</th>
              <th scope="col">{t('links.col.clicks')}</th>
              <th scope="col">{t('links.col.uniques')}</th>
              <th scope="col">{t('links.col.filtered')}</th>
              <th scope="col">{t('links.col.conversions')}</th>
              <th scope="col">{t('links.col.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{label(r.key, r.label)}</th>
                <td data-col="clicks">{r.clicks}</td>
                <td data-col="uniques">{r.uniqueVisitors}</td>
                <td data-col="filtered">{r.filtered}</td>
                <td data-col="conversions">{r.conversions}</td>
                <td data-col="rate">{pct(r.rate)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('links.totals')}</th>
              <td>{report.totals.clicks}</td>
              <td>{report.totals.uniqueVisitors}</td>
              <td>{report.totals.filtered}</td>
              <td>{report.totals.conversions}</td>
              <td>{pct(report.totals.rate)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
