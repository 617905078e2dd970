import { useI18n } from '../../i18n/index.js';
import type { TagSummary } from './microblogApi.js';
import { useMbNav } from './nav.js';

/** What a tag holds: the curators' description, then what its posts say (keywords, most-engaged posts). */
export function TagSummaryView({ summary }: { summary: TagSummary }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const nav = useMbNav();
  const s = summary;
  return (
    <section className="mb-summary" aria-label={t('mb.summary.title')} data-testid="mb-tag-summary">
      <h3>{t('mb.summary.title')}</h3>
      {s.description ? (
        <>
          <p className="mb-text" translate="no" data-testid="mb-tag-description">
            {s.description}
          </p>
          {s.describedBy && s.describedAt && <p className="muted small">{t('mb.summary.describedBy', { name: s.describedBy.displayName, time: formatDateTime(s.describedAt) })}</p>}
        </>
      ) : (
        <p className="muted small">{t('mb.summary.noDescription')}</p>
      )}
      {s.firstAt && s.lastAt && (
        <p className="muted small" data-testid="mb-tag-period">
          {t('mb.summary.period', { posts: s.postsCount, people: s.peopleCount, from: formatDate(s.firstAt), to: formatDate(s.lastAt) })}
        </p>
      )}
      {s.keywords.length > 0 && (
        <>
          <h4>{t('mb.summary.keywords', { n: s.sampled })}</h4>
          <ul className="plain-list mb-keywords" data-testid="mb-tag-keywords">
            {s.keywords.map((k) => (
              <li key={k.term}>
                <span translate="no">{k.term}</span> <span className="muted small">{t('mb.summary.keywordPosts', { n: k.posts })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {s.highlights.length > 0 && (
        <>
          <h4>{t('mb.summary.highlights')}</h4>
          <ul className="plain-list" data-testid="mb-tag-highlights">
            {s.highlights.map((h) => (
              <li key={h.postId}>
                <button type="button" className="mb-link" onClick={() => nav.thread(h.postId)}>
                  <span translate="no">“{h.sentence}”</span>
                </button>{' '}
                <span className="muted small">
                  <span translate="no">{h.author.displayName}</span> · {t('mb.summary.engagement', { favourites: h.favourites, boosts: h.boosts, replies: h.replies })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
