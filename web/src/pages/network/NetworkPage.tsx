import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { InfluencerTable, NO_FILTER } from './InfluencerTable.js';
import { PERIODS, networkApi, type InfluencerFilter, type NetworkRun, type Period } from './networkApi.js';
import { ProfileDrawer } from './ProfileDrawer.js';
import './network.css';

// Sigma and graphology load with the graph tab only.
const GraphView = lazy(() => import('./GraphView.js').then((m) => ({ default: m.GraphView })));

type Tab = 'influencers' | 'graph';
const GRAPH_LIMITS = [500, 2000, 5000, 20_000, 50_000];

/** 네트워크: influencers, the network graph and author profiles, with the state of the last computation. */
export function NetworkPage() {
  const { t, errorText, formatDateTime, locale } = useI18n();
  const { workspace, can } = useWorkspace();
  const [tab, setTab] = useState<Tab>('influencers');
  const [filter, setFilter] = useState<InfluencerFilter>(NO_FILTER);
  const [graphLimit, setGraphLimit] = useState(2000);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [requesting, setRequesting] = useState(false);
  const [requestError, setRequestError] = useState<unknown>(null);

  const page = useLoad(() => networkApi.influencers(workspace.id, filter), [workspace.id, filter]);
  const graph = useLoad(() => (tab === 'graph' ? networkApi.graph(workspace.id, filter.period, graphLimit) : Promise.resolve(undefined)), [workspace.id, tab, filter.period, graphLimit]);
  const runs = useLoad(() => networkApi.runs(workspace.id, 20).then((r) => r.runs), [workspace.id]);
  const slice = filter.period;
  const pending = (runs.data ?? []).find((r) => r.slice === slice && (r.status === 'queued' || r.status === 'running'));
  const latest: NetworkRun | undefined = page.data?.run ?? undefined;

  // While a run of this slice is on its way, look again every two seconds; reload the data once it has ended.
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  const polling = !!pending || !!waitingFor;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => runs.reload(), 2000);
    return () => clearInterval(timer);
  }, [polling, runs.reload]);
  useEffect(() => {
    const run = waitingFor ? runs.data?.find((r) => r.id === waitingFor) : undefined;
    if (!run || run.status === 'queued' || run.status === 'running') return;
    setWaitingFor(null);
    page.reload();
    graph.reload();
  }, [runs.data, waitingFor]);

  const recompute = async () => {
    setRequesting(true);
    setRequestError(null);
    try {
      const r = await networkApi.recompute(workspace.id, slice);
      setNotice(t('network.recomputeQueued'));
      setWaitingFor(r.run.id);
      runs.reload();
    } catch (err) {
      setRequestError(err);
    } finally {
      setRequesting(false);
    }
  };

  const open = useCallback((id: string) => setSelected(id), []);
  const close = useCallback(() => setSelected(null), []);
  const number = (n: number | null) => new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-GB').format(n ?? 0);

  return (
    <section className={`page network ${selected ? 'with-drawer' : ''}`} aria-labelledby="page-title">
      <header className="page-header with-action">
        <div>
          <h1 id="page-title">{t('nav.network')}</h1>
          <p className="muted">{t('network.intro')}</p>
        </div>
        <div className="network-actions">
          <label htmlFor="net-period" className="visually-hidden">
            {t('network.period')}
          </label>
          <select id="net-period" value={filter.period} onChange={(e) => setFilter({ ...filter, period: e.target.value as Period, community: '', offset: 0 })}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`network.period.${p}`)}
              </option>
            ))}
          </select>
          {can('listening.manage') && (
            <button type="button" className="btn btn-primary" onClick={recompute} disabled={requesting || !!pending} data-testid="recompute">
              <Icon name="refresh" size={16} />
              {pending || requesting ? t('network.recomputing') : t('network.recompute')}
            </button>
          )}
        </div>
      </header>

      <p className="run-summary muted" role="status" data-testid="run-summary">
        {pending
          ? `${t(`network.run.status.${pending.status}`)} · ${notice}`
          : latest
            ? t('network.run.summary', { when: formatDateTime(latest.finishedAt), nodes: number(latest.nodes), edges: number(latest.edges), communities: number(latest.communities) })
            : t('network.run.none')}
        {latest?.betweenness?.mode === 'sampled' && ` ${t('network.run.sampled', { sources: latest.betweenness.sources, err: latest.betweenness.maxStdErr.toExponential(1) })}`}
      </p>
      {requestError !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(requestError)}
        </p>
      )}

      <div className="tabs" role="tablist" aria-label={t('network.tabs')}>
        {(['influencers', 'graph'] as const).map((k) => (
          <button key={k} type="button" role="tab" id={`net-tab-${k}`} aria-selected={tab === k} aria-controls={`net-panel-${k}`} className={`tab ${tab === k ? 'active' : ''}`} onClick={() => setTab(k)}>
            {t(`network.tab.${k}`)}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`net-panel-${tab}`} aria-labelledby={`net-tab-${tab}`}>
        {tab === 'influencers' ? (
          <>
            {page.error !== null && (
              <p className="alert alert-error" role="alert">
                {errorText(page.error)}
              </p>
            )}
            <InfluencerTable filter={filter} onFilter={setFilter} page={page.data} loading={page.loading} onOpen={open} selectedId={selected} />
          </>
        ) : (
          <>
            <div className="graph-head">
              {graph.data && <span className="muted small">{t('network.graph.showing', { shown: number(graph.data.nodes.length), total: number(graph.data.totalNodes) })}</span>}
              <label htmlFor="graph-limit" className="small">
                {t('network.graph.limit')}
              </label>
              <select id="graph-limit" value={graphLimit} onChange={(e) => setGraphLimit(Number(e.target.value))}>
                {GRAPH_LIMITS.map((n) => (
                  <option key={n} value={n}>
                    {number(n)}
                  </option>
                ))}
              </select>
            </div>
            {graph.error !== null && (
              <p className="alert alert-error" role="alert">
                {errorText(graph.error)}
              </p>
            )}
            {graph.loading && <p role="status">{t('common.loading')}</p>}
            {graph.data && graph.data.nodes.length === 0 && <p className="empty">{graph.data.run ? t('network.graph.empty') : t('network.emptyNoRun')}</p>}
            {graph.data && graph.data.nodes.length > 0 && (
              <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
                <GraphView graph={graph.data} selectedId={selected} onSelect={open} />
              </Suspense>
            )}
          </>
        )}
      </div>

      {selected && <ProfileDrawer authorId={selected} period={filter.period} onClose={close} onOpen={open} />}
    </section>
  );
}
