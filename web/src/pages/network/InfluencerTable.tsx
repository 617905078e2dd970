import { useEffect, useState } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { Icon } from '../../components/Icon.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { SENTIMENTS, SORTS, type Community, type Influencer, type InfluencerFilter, type InfluencerPage, type Sort } from './networkApi.js';
import { formatCount, formatScore, SentimentBar } from './format.js';
import { atHandle } from '../../handle.js';

interface Props {
  filter: InfluencerFilter;
  onFilter(next: InfluencerFilter): void;
  page: InfluencerPage | undefined;
  loading: boolean;
  onOpen(authorId: string): void;
  selectedId: string | null;
}

const COLUMNS: Array<{ sort: Sort; label: MessageKey; value(i: Influencer, locale: string): string }> = [
  { sort: 'influence', label: 'network.col.influence', value: (i) => formatScore(i.person.influence, 1) },
  { sort: 'pagerank', label: 'network.col.pagerank', value: (i) => formatScore(i.metrics.pagerank, 4) },
  { sort: 'betweenness', label: 'network.col.betweenness', value: (i) => formatScore(i.metrics.betweenness, 4) },
  { sort: 'coreness', label: 'network.col.coreness', value: (i) => (i.metrics.coreness ?? '—').toString() },
  { sort: 'in_degree', label: 'network.col.in_degree', value: (i, l) => formatCount(i.metrics.inDegree, l) },
  { sort: 'followers', label: 'network.col.followers', value: (i, l) => formatCount(i.person.followers, l) },
];

export const NO_FILTER: InfluencerFilter = { period: 'all', sort: 'pagerank', order: 'desc', community: '', sentiment: '', minFollowers: '', q: '', limit: 50, offset: 0 };

/** The influencer table: filters, sortable columns (click a heading), paging; a row opens the profile. */
export function InfluencerTable({ filter, onFilter, page, loading, onOpen, selectedId }: Props) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState(filter.q);
  const [minFollowers, setMinFollowers] = useState(filter.minFollowers);
  useEffect(() => setQ(filter.q), [filter.q]);
  useEffect(() => setMinFollowers(filter.minFollowers), [filter.minFollowers]);

  // Typing waits a moment before it asks the server.
  useEffect(() => {
    if (q === filter.q && minFollowers === filter.minFollowers) return;
    const timer = setTimeout(() => onFilter({ ...filter, q, minFollowers, offset: 0 }), 300);
    return () => clearTimeout(timer);
  }, [q, minFollowers, filter, onFilter]);

  const set = (patch: Partial<InfluencerFilter>) => onFilter({ ...filter, ...patch, offset: 0 });
  const sortBy = (sort: Sort) => set({ sort, order: filter.sort === sort && filter.order === 'desc' ? 'asc' : 'desc' });
  const communities: Community[] = page?.communities ?? [];
  const rows = page?.influencers ?? [];
  const to = Math.min(filter.offset + rows.length, page?.total ?? 0);

  const heading = (sort: Sort, label: MessageKey) => {
    const active = filter.sort === sort;
    return (
      <th scope="col" key={sort} aria-sort={active ? (filter.order === 'desc' ? 'descending' : 'ascending') : 'none'} className="num">
        <button type="button" className="sort-btn" onClick={() => sortBy(sort)} title={t('network.sortBy', { col: t(label) })} data-sort={sort}>
          {t(label)}
          <span aria-hidden="true" className={`sort-mark ${active ? 'on' : ''}`}>
            {active && filter.order === 'asc' ? '▲' : '▼'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="influencers">
      <form className="card filters network-filters" aria-label={t('network.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="net-q">{t('network.search')}</label>
          <input id="net-q" type="search" value={q} placeholder={t('network.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="net-sort">{t('network.sort')}</label>
          <select id="net-sort" value={filter.sort} onChange={(e) => set({ sort: e.target.value as Sort, order: 'desc' })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`network.col.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="net-community">{t('network.community')}</label>
          <select id="net-community" value={filter.community} onChange={(e) => set({ community: e.target.value })}>
            <option value="">{t('network.community.all')}</option>
            {communities.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {t('network.community.n', { n: c.id + 1, size: c.size })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="net-sentiment">{t('network.sentiment')}</label>
          <select id="net-sentiment" value={filter.sentiment} onChange={(e) => set({ sentiment: e.target.value as InfluencerFilter['sentiment'] })}>
            <option value="">{t('network.sentiment.any')}</option>
            {SENTIMENTS.map((s) => (
              <option key={s} value={s}>
                {t(`network.sentiment.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="net-min-followers">{t('network.minFollowers')}</label>
          <input id="net-min-followers" type="number" min={0} step={100} inputMode="numeric" value={minFollowers} onChange={(e) => setMinFollowers(e.target.value)} />
        </div>
        <div className="filter-actions">
          <button type="button" className="btn" onClick={() => onFilter({ ...NO_FILTER, period: filter.period })}>
            {t('network.reset')}
          </button>
        </div>
      </form>

      <p className="muted small persons-note">{t('network.personsNote')}</p>

      {!loading && rows.length === 0 ? (
        <p className="empty">{page?.run ? t('network.empty') : t('network.emptyNoRun')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table network-table" data-testid="influencer-table" aria-busy={loading}>
            <caption className="visually-hidden">{t('network.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.col.author')}</th>
                {COLUMNS.map((c) => heading(c.sort, c.label))}
                {heading('sneezer', 'network.col.sneezer')}
                <th scope="col">{t('network.col.community')}</th>
                <th scope="col">{t('network.col.sentiment')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.author.id} className={i.author.id === selectedId ? 'selected' : undefined}>
                  <th scope="row">
                    <PersonCell i={i} onOpen={onOpen} />
                  </th>
                  {COLUMNS.map((c) => (
                    <td key={c.sort} className="num">
                      {c.value(i, locale)}
                    </td>
                  ))}
                  <td className="num nowrap">{i.metrics.sneezerMax === null ? '—' : t('network.sneezerValue', { max: i.metrics.sneezerMax, avg: formatScore(i.metrics.sneezerAvg, 1) })}</td>
                  <td>
                    {i.metrics.community === null ? (
                      '—'
                    ) : (
                      <span className="community-chip">
                        <span className="swatch" style={{ background: communities[i.metrics.community]?.color ?? '#9aa5b1' }} aria-hidden="true" />
                        {i.metrics.community + 1}
                      </span>
                    )}
                  </td>
                  <td>
                    <SentimentBar s={i.sentiment} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {page && page.total > 0 && (
        <div className="list-foot">
          <span className="muted" role="status">
            {t('network.count', { total: formatCount(page.total, locale), from: filter.offset + 1, to })}
          </span>
          <span className="pager">
            <button type="button" className="btn btn-small" disabled={filter.offset === 0 || loading} onClick={() => onFilter({ ...filter, offset: Math.max(0, filter.offset - filter.limit) })}>
              {t('network.prev')}
            </button>
            <button type="button" className="btn btn-small" disabled={to >= page.total || loading} onClick={() => onFilter({ ...filter, offset: filter.offset + filter.limit })}>
              {t('network.next')}
            </button>
          </span>
        </div>
      )}
    </div>
  );
}

/** A person's name (their lead identity's), the customer they are, and each channel identity (opens its profile). */
function PersonCell({ i, onOpen }: { i: Influencer; onOpen(authorId: string): void }) {
  const { t, tMaybe } = useI18n();
  const lead = i.author;
  const name = lead.name ?? atHandle(lead.handle) ?? t('network.unnamed');
  const verified = i.person.identities.some((a) => a.verified);
  return (
    <div className="person" data-person={lead.handle ?? lead.id}>
      <button type="button" className="author-link" onClick={() => onOpen(lead.id)} data-author={lead.handle ?? lead.id}>
        <strong translate="no">{name}</strong>
        {verified && (
          <span className="verified" title={t('network.verified')}>
            <Icon name="verified" size={14} />
          </span>
        )}
        {i.person.customer && (
          <span className="badge badge-info" title={t('network.customer.title', { name: i.person.customer.name ?? '—' })}>
            {t('network.customer')}
          </span>
        )}
      </button>
      <span className="identities" aria-label={t('network.identities', { n: i.person.identities.length })}>
        {i.person.identities.map((a) => (
          <button type="button" key={a.id} className="identity" onClick={() => onOpen(a.id)} data-identity={a.channel} title={t('network.identity.open', { channel: channelLabel(tMaybe, a.channel) })}>
            <span translate="no">{atHandle(a.handle) ?? a.name ?? t('network.unnamed')}</span> · {channelLabel(tMaybe, a.channel)}
          </button>
        ))}
      </span>
    </div>
  );
}
