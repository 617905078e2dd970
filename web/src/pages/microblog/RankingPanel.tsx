import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { groupsApi } from './groupsApi.js';

/** Helpful people over the last 30 days, each number explained; my own opt-out. */
export function RankingPanel() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const r = useLoad(() => groupsApi.ranking(workspace.id), [workspace.id]);
  const [error, setError] = useState<string | null>(null);
  if (r.error) return <p className="alert alert-error">{errorText(r.error)}</p>;
  if (!r.data) return <p role="status">{t('common.loading')}</p>;
  const optedOut = r.data.rankingOptOut;
  return (
    <section className="card" aria-label={t('mb.ranking.title')} data-testid="mb-ranking">
      <h2>{t('mb.ranking.title')}</h2>
      <p className="muted small">{t('mb.ranking.explain')}</p>
      <label className="mb-check">
        <input
          type="checkbox"
          checked={optedOut}
          onChange={(e) =>
            void groupsApi
              .setRankingOptOut(workspace.id, e.target.checked)
              .then(r.reload)
              .catch((err) => setError(errorText(err)))
          }
        />
        {t('mb.ranking.optOut')}
      </label>
      {optedOut && <p className="muted small">{t('mb.ranking.optedOut')}</p>}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {r.data.ranking.length === 0 ? (
        <p className="empty">{t('mb.ranking.empty')}</p>
      ) : (
        <ol className="mb-ranking">
          {r.data.ranking.map((x) => (
            <li key={x.person.id}>
              <strong translate="no">{x.person.displayName}</strong>{' '}
              <span className="muted small" translate="no">
                {[x.person.title, x.person.department].filter(Boolean).join(' · ')}
              </span>
              <div className="small">{t('mb.ranking.row', { f: x.favourites, b: x.boosts, r: x.replies, score: x.score })}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
