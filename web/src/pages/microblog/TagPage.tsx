import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi, type PostView, type TagPage as TagPageData } from './microblogApi.js';
import { useMbNav } from './nav.js';
import { PostCard } from './PostCard.js';
import { cardKey, Posts } from './Posts.js';
import { TagCuration } from './TagCuration.js';
import { TagSummaryView } from './TagSummary.js';

/** A tag as knowledge: summary, pinned posts (curators pin and order them), contributors, related tags, best and latest posts. */
export function TagPage({ tag }: { tag: string }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const nav = useMbNav();
  const curator = can('microblog.curate');
  const page = useLoad(() => microblogApi.tag(workspace.id, tag), [workspace.id, tag]);
  const [error, setError] = useState<string | null>(null);
  if (page.error) return <p className="alert alert-error">{errorText(page.error)}</p>;
  const d = page.data;
  if (!d) return <p role="status">{t('common.loading')}</p>;
  const name = d.tag.name;
  const pinnedIds = d.pinned.map((p) => p.id);
  const update = (p: Promise<TagPageData>) => p.then((next) => page.setData(() => next)).catch((e) => setError(errorText(e)));
  const pinButton = (p: PostView) =>
    curator && p.state === 'visible' && !p.reblog ? (
      <button type="button" className="btn btn-ghost btn-small" onClick={() => void update(microblogApi.pin(workspace.id, name, p.id, !pinnedIds.includes(p.id)))}>
        {pinnedIds.includes(p.id) ? t('mb.pin.remove') : t('mb.pin.add')}
      </button>
    ) : null;
  const move = (i: number, by: number) => {
    const order = [...pinnedIds];
    const [it] = order.splice(i, 1);
    order.splice(i + by, 0, it!);
    void update(microblogApi.orderPins(workspace.id, name, order));
  };
  return (
    <section aria-label={`#${name}`}>
      <div className="card">
        <h2 translate="no">#{name}</h2>
        {name !== tag && <p className="muted small">{t('mb.tag.mergedNote', { from: tag, into: name })}</p>}
        {d.aliases.length > 0 && <p className="muted small">{t('mb.tag.aliases', { tags: d.aliases.map((a) => `#${a}`).join(', ') })}</p>}
        <p className="muted">{t('mb.tagStats', { posts: d.tag.postsCount, people: d.tag.peopleCount })}</p>
        <button type="button" className="btn btn-small" onClick={() => void microblogApi.followTag(workspace.id, name, !d.tag.following).then(page.reload)}>
          {d.tag.following ? t('mb.unfollowTag') : t('mb.followTag')}
        </button>
        <TagSummaryView summary={d.summary} />
        {curator && <TagCuration key={name} page={d} onPage={(p) => page.setData(() => p)} onMerged={nav.tag} />}
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        {d.pinned.length > 0 && (
          <>
            <h3>{t('mb.pinned')}</h3>
            <div className="mb-list" data-testid="mb-pinned">
              {d.pinned.map((p, i) => (
                <PostCard
                  key={`pin-${cardKey(p)}`}
                  post={p}
                  onChanged={page.reload}
                  extra={
                    curator && (
                      <>
                        {pinButton(p)}
                        {i > 0 && (
                          <button type="button" className="btn btn-ghost btn-small" onClick={() => move(i, -1)}>
                            {t('mb.pin.up')}
                          </button>
                        )}
                        {i < d.pinned.length - 1 && (
                          <button type="button" className="btn btn-ghost btn-small" onClick={() => move(i, 1)}>
                            {t('mb.pin.down')}
                          </button>
                        )}
                      </>
                    )
                  }
                />
              ))}
            </div>
          </>
        )}
        <h3>{t('mb.contributors')}</h3>
        <ul className="plain-list">
          {d.contributors.map((c) => (
            <li key={c.person.id}>
              <button type="button" className="mb-link" translate="no" onClick={() => nav.person(c.person.id)}>
                {c.person.displayName}
              </button>{' '}
              <span className="muted small" translate="no">
                {c.person.department}
              </span>{' '}
              — {t('mb.postsN', { n: c.posts })}
            </li>
          ))}
        </ul>
        {d.related.length > 0 && (
          <>
            <h3>{t('mb.related')}</h3>
            <p>
              {d.related.map((r) => (
                <button key={r.name} type="button" className="mb-tag" translate="no" onClick={() => nav.tag(r.name)}>
                  #{r.name}
                </button>
              ))}
            </p>
          </>
        )}
        <h3>{t('mb.best')}</h3>
        {d.best.map((p) => (
          <PostCard key={`best-${cardKey(p)}`} post={p} onChanged={page.reload} extra={pinButton(p)} />
        ))}
      </div>
      <h3>{t('mb.latest')}</h3>
      <Posts load={() => microblogApi.tagPosts(workspace.id, name)} deps={[workspace.id, name]} extra={(p) => pinButton(p)} label={t('mb.latest')} />
    </section>
  );
}
