import { useEffect, useId, useRef } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { formatCount, formatScore, SentimentBar } from './format.js';
import { networkApi, type Period, type Tie } from './networkApi.js';
import { safeHref } from '../../safeHref.js';
import { atHandle } from '../../handle.js';

interface Props {
  authorId: string;
  period: Period;
  onClose(): void;
  onOpen(authorId: string): void;
}

/** An author's network profile in a side panel: metrics, community, recent posts, cascades and ties. */
export function ProfileDrawer({ authorId, period, onClose, onOpen }: Props) {
  const { t, tMaybe, locale, errorText, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const profile = useLoad(() => networkApi.author(workspace.id, authorId, period), [workspace.id, authorId, period]);
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [authorId, onClose]);

  const p = profile.data;
  const name = p ? (p.author.name ?? p.author.handle ?? p.author.id.slice(0, 8)) : '';
  const m = p?.metrics;
  const minutes = (n: number | null) => (n === null ? '—' : t('network.minutes', { n: Math.round(n) }));
  const ties = (list: Tie[]) => (
    <ul className="tie-list">
      {list.map((x) => (
        <li key={x.id}>
          <button type="button" className="btn-link" onClick={() => onOpen(x.id)}>
            {x.name ?? x.handle ?? x.id.slice(0, 8)}
          </button>{' '}
          <span className="muted small">{formatScore(x.weight, 1)}</span>
        </li>
      ))}
    </ul>
  );

  return (
    <aside ref={panel} className="profile-drawer" role="dialog" aria-modal="false" aria-labelledby={titleId} tabIndex={-1} data-testid="profile-drawer">
      <div className="drawer-head">
        <h2 id={titleId}>{p ? t('network.profile.title', { name }) : t('common.loading')}</h2>
        <button type="button" className="icon-btn" aria-label={t('common.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      {profile.error !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(profile.error)}
        </p>
      )}
      {p && (
        <div className="drawer-body">
          <p className="profile-who">
            {p.author.handle && <span>{atHandle(p.author.handle)}</span>} <span className="badge">{channelLabel(tMaybe, p.author.channel)}</span>
            {p.author.verified && <span className="badge badge-info">{t('network.verified')}</span>}
            {safeHref(p.author.profileUrl) && (
              <a href={safeHref(p.author.profileUrl)} target="_blank" rel="noreferrer noopener" className="small">
                {t('network.profile.open')} <Icon name="external" size={14} />
              </a>
            )}
          </p>

          <h3>{t('network.profile.metrics')}</h3>
          {!m && <p className="muted">{t('network.profile.noMetrics')}</p>}
          <dl className="metric-grid">
            <div>
              <dt>{t('network.profile.influence')}</dt>
              <dd>{formatScore(p.author.influence, 1)}</dd>
            </div>
            <div>
              <dt>{t('network.profile.followers')}</dt>
              <dd>{formatCount(p.author.followers, locale)}</dd>
            </div>
            {m && (
              <>
                <div>
                  <dt>{t('network.col.pagerank')}</dt>
                  <dd>{formatScore(m.pagerank, 4)}</dd>
                </div>
                <div>
                  <dt>{t('network.profile.pagerankPct')}</dt>
                  <dd>{m.pagerankPct === null ? '—' : `${Math.round(m.pagerankPct * 100)}%`}</dd>
                </div>
                <div>
                  <dt>{t('network.col.betweenness')}</dt>
                  <dd>{formatScore(m.betweenness, 4)}</dd>
                </div>
                <div>
                  <dt>{t('network.col.coreness')}</dt>
                  <dd>{m.coreness ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('network.profile.degree')}</dt>
                  <dd>
                    {m.inDegree} / {m.outDegree}
                  </dd>
                </div>
                <div>
                  <dt>{t('network.profile.strength')}</dt>
                  <dd>
                    {formatScore(m.inStrength, 1)} / {formatScore(m.outStrength, 1)}
                  </dd>
                </div>
                <div>
                  <dt>{t('network.col.sneezer')}</dt>
                  <dd>{m.sneezerMax === null ? '—' : t('network.sneezerValue', { max: m.sneezerMax, avg: formatScore(m.sneezerAvg, 1) })}</dd>
                </div>
                <div>
                  <dt>{t('network.profile.secondary')}</dt>
                  <dd>{formatScore(m.secondaryReach, 0)}</dd>
                </div>
              </>
            )}
          </dl>
          {p.sentiment && p.sentiment.labelled > 0 && (
            <p>
              <span className="small">{t('network.profile.sentiment', { n: p.sentiment.labelled })}</span> <SentimentBar s={p.sentiment} />
            </p>
          )}

          <h3>{t('network.profile.community')}</h3>
          {p.community ? (
            <>
              <p className="community-chip">
                <span className="swatch" style={{ background: p.community.color }} aria-hidden="true" />
                {t('network.community.n', { n: p.community.id + 1, size: p.community.size })}
              </p>
              {p.community.topMembers.length > 0 && (
                <>
                  <p className="muted small">{t('network.profile.communityMembers')}</p>
                  <ul className="tie-list">
                    {p.community.topMembers.map((x) => (
                      <li key={x.id}>
                        <button type="button" className="btn-link" onClick={() => onOpen(x.id)}>
                          {x.name ?? x.handle ?? x.id.slice(0, 8)}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          ) : (
            <p className="muted">{t('network.profile.noCommunity')}</p>
          )}

          {(p.amplifiedBy.length > 0 || p.amplifies.length > 0) && (
            <div className="tie-columns">
              <div>
                <h3>{t('network.profile.amplifiedBy')}</h3>
                {ties(p.amplifiedBy)}
              </div>
              <div>
                <h3>{t('network.profile.amplifies')}</h3>
                {ties(p.amplifies)}
              </div>
            </div>
          )}

          {p.cascades.length > 0 && (
            <>
              <h3>{t('network.profile.topCascades')}</h3>
              <ul className="profile-items">
                {p.cascades.map((c) => (
                  <li key={c.itemId}>
                    <p className="item-text">{c.text}</p>
                    <p className="muted small">{t('network.profile.cascade', { size: c.size, depth: c.depth, t50: minutes(c.t50Minutes) })}</p>
                  </li>
                ))}
              </ul>
            </>
          )}

          <h3>{t('network.profile.recent')}</h3>
          {p.recentItems.length === 0 ? (
            <p className="muted">{t('network.profile.noItems')}</p>
          ) : (
            <ul className="profile-items" data-testid="profile-items">
              {p.recentItems.map((i) => (
                <li key={i.id}>
                  <p className="item-text">{i.text}</p>
                  <p className="muted small">
                    <time dateTime={i.createdAt}>{formatDateTime(i.createdAt)}</time> · {channelLabel(tMaybe, i.channel)}
                    {i.sentiment && tMaybe(`network.sentiment.${i.sentiment}`) && ` · ${tMaybe(`network.sentiment.${i.sentiment}`)}`}
                    {safeHref(i.url) && (
                      <>
                        {' · '}
                        <a href={safeHref(i.url)} target="_blank" rel="noreferrer noopener">
                          {t('network.profile.open')}
                        </a>
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </aside>
  );
}
