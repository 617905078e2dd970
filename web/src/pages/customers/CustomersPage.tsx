import { useMemo, useState } from 'react';
import { EChart } from '../listening/dashboards/ChartCard.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { ConsentSettings, LeadList, MergeProposals, RiskList } from './CustomerLists.js';
import { customersApi, type CustomerView } from './customersApi.js';
import { LeadWebhookSettings } from './LeadWebhook.js';
import { CaseSettings, MatchSuggestions } from './Matches.js';
import { Segments } from './Segments.js';
import { TimelineList } from './TimelineList.js';
import { LifecycleBadge } from './LifecycleBadge.js';

export { LifecycleBadge };

const LIFECYCLES = ['prospect', 'new', 'active', 'at_risk', 'churned', 'won_back'] as const;
const TABS = ['list', 'risk', 'leads', 'matches', 'merges', 'segments', 'consent'] as const;
type Tab = (typeof TABS)[number];

/** 고객: the customer list and page, churn risk, leads, merge proposals and consent settings. */
export function CustomersPage() {
  const { t } = useI18n();
  const ws = useWorkspace();
  const [tab, setTab] = useState<Tab>('list');
  const [open, setOpen] = useState<string | null>(null);
  const tabs = TABS.filter((x) => x !== 'consent' || ws.can('settings.manage'));
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{t('nav.customers')}</h1>
      </header>
      <div role="tablist" className="tabs">
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={tab === x}
            data-testid={`cust-tab-${x}`}
            className={tab === x ? 'tab active' : 'tab'}
            onClick={() => {
              setTab(x);
              setOpen(null);
            }}
          >
            {t(`cust.tab.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'list' && (open ? <CustomerDetail id={open} onBack={() => setOpen(null)} /> : <CustomerList onOpen={setOpen} />)}
      {tab === 'risk' && <RiskList onOpen={(id) => (setTab('list'), setOpen(id))} />}
      {tab === 'leads' && <LeadList />}
      {tab === 'leads' && ws.can('settings.manage') && <LeadWebhookSettings />}
      {tab === 'matches' && <MatchSuggestions />}
      {tab === 'merges' && <CaseSettings />}
      {tab === 'merges' && <MergeProposals />}
      {tab === 'segments' && <Segments />}
      {tab === 'consent' && <ConsentSettings />}
    </section>
  );
}

function CustomerList({ onOpen }: { onOpen(id: string): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const ws = useWorkspace();
  const [lifecycle, setLifecycle] = useState('');
  const list = useLoad(() => customersApi.list(ws.workspace.id, lifecycle || undefined), [ws.workspace.id, lifecycle]);
  const masked = list.data?.customers.some((c) => c.masked);
  return (
    <div className="card">
      <div className="toolbar">
        <label>
          {t('cust.lifecycle')}{' '}
          <select value={lifecycle} onChange={(e) => setLifecycle(e.target.value)} data-testid="cust-lifecycle-filter">
            <option value="">{t('cust.allLifecycles')}</option>
            {LIFECYCLES.map((l) => (
              <option key={l} value={l}>
                {tMaybe(`cust.life.${l}`) ?? l}
              </option>
            ))}
          </select>
        </label>
        {list.data && <span className="muted small">{t('cust.total', { n: list.data.total })}</span>}
      </div>
      {list.error ? <p role="alert">{errorText(list.error)}</p> : null}
      {masked && <p className="muted small">{t('cust.masked')}</p>}
      {list.data && list.data.customers.length === 0 && <p className="muted">{t('cust.empty')}</p>}
      {list.data && list.data.customers.length > 0 && (
        <table className="table" data-testid="customer-list">
          <thead>
            <tr>
              <th>{t('cust.name')}</th>
              <th>{t('cust.externalId')}</th>
              <th>{t('cust.segment')}</th>
              <th>{t('cust.products')}</th>
              <th>{t('cust.lifecycle')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(c.id)}>
                    {c.name ?? c.externalId}
                  </button>
                </td>
                <td>{c.externalId}</td>
                <td>{c.segment ?? t('common.none')}</td>
                <td>{c.products.join(', ') || t('common.none')}</td>
                <td>
                  <LifecycleBadge value={c.lifecycle} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Facts({ c }: { c: CustomerView }) {
  const { t } = useI18n();
  const rows: [string, string][] = [
    [t('cust.externalId'), c.externalId],
    [t('cust.segment'), c.segment ?? t('common.none')],
    [t('cust.products'), c.products.join(', ') || t('common.none')],
    [t('cust.manager'), c.manager ?? t('common.none')],
    [t('cust.optOuts'), c.optOuts.join(', ') || t('common.none')],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function CustomerTimeline({ id }: { id: string }) {
  const { t } = useI18n();
  const ws = useWorkspace();
  const tl = useLoad(() => customersApi.timeline(ws.workspace.id, id), [ws.workspace.id, id]);
  if (!tl.data) return null;
  return (
    <div data-testid="customer-timeline">
      {tl.data.entries.length === 0 && tl.data.activity.length === 0 ? <p className="muted small">{t('cust.timelineNone')}</p> : <TimelineList entries={tl.data.entries} activity={tl.data.activity} />}
      {tl.data.sentiment.length > 0 && (
        <>
          <h3 className="side-sub">{t('cust.sentimentTrend')}</h3>
          <SentimentChart points={tl.data.sentiment} />
          <p className="small muted" data-testid="sentiment-trend">
            {tl.data.sentiment.map((p) => `${p.day.slice(5)} ${p.mean.toFixed(2)}`).join(' · ')}
          </p>
        </>
      )}
    </div>
  );
}

function CustomerDetail({ id, onBack }: { id: string; onBack(): void }) {
  const { t, errorText, formatDateTime } = useI18n();
  const ws = useWorkspace();
  const c = useLoad(() => customersApi.get(ws.workspace.id, id), [ws.workspace.id, id]);
  const links = useLoad(() => customersApi.links(ws.workspace.id, id), [ws.workspace.id, id]);
  const [err, setErr] = useState<string | null>(null);
  return (
    <div className="card" data-testid="customer-page">
      <button type="button" className="link" onClick={onBack}>
        {t('cust.back')}
      </button>
      {c.error ? <p role="alert">{errorText(c.error)}</p> : null}
      {c.data && (
        <>
          <h2>
            <span translate="no">{c.data.customer.name ?? c.data.customer.externalId}</span> <LifecycleBadge value={c.data.customer.lifecycle} />
          </h2>
          {c.data.customer.masked && <p className="muted small">{t('cust.masked')}</p>}
          <Facts c={c.data.customer} />
        </>
      )}
      <h3>{t('cust.links')}</h3>
      {err && <p role="alert">{err}</p>}
      {links.data && links.data.links.length === 0 && <p className="muted small">{t('cust.linksNone')}</p>}
      <ul className="plain-list" data-testid="customer-links">
        {links.data?.links.map((l) => (
          <li key={l.id}>
            <strong>{l.author.name ?? l.author.handle}</strong> <span className="muted small">({l.author.channel})</span> <span className="small">{t('cust.linkedAt', { when: formatDateTime(l.linkedAt), purpose: l.purpose })}</span>{' '}
            {ws.can('customers.manage') && (
              <button type="button" className="btn btn-small" onClick={() => customersApi.revoke(ws.workspace.id, id, l.id).then(links.reload, (e: unknown) => setErr(errorText(e)))}>
                {t('cust.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('cust.timeline')}</h3>
      <CustomerTimeline id={id} />
    </div>
  );
}

/** The customer's mean sentiment per day (−1 … 1), as a line with the zero line marked. */
function SentimentChart({ points }: { points: Array<{ day: string; mean: number }> }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)) },
      yAxis: { type: 'value', min: -1, max: 1 },
      series: [{ type: 'line', name: t('cust.sentimentTrend'), data: points.map((p) => Math.round(p.mean * 100) / 100), smooth: true, markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }] } }],
    }),
    [points, t],
  );
  return (
    <div data-testid="sentiment-chart">
      <EChart option={option} height={180} label={t('cust.sentimentChart', { n: points.length })} />
    </div>
  );
}
