import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import type { PostView } from './microblogApi.js';
import { PostCard } from './PostCard.js';

/** A card's key: it changes when what the card shows changes, so the card starts fresh. */
export const cardKey = (p: PostView) => `${p.id}:${p.editedAt}:${p.favouritesCount}:${p.reblogsCount}:${p.repliesCount}:${p.favourited}:${p.reblogged}:${p.bookmarked}:${p.poll?.votesCount ?? 0}`;

/** A list of posts loaded by `load` (a timeline, a tag, a person, a search). */
export function Posts({ load, deps, extra, label }: { load: () => Promise<{ posts: PostView[] }>; deps: unknown[]; extra?: (p: PostView, reload: () => void) => ReactNode; label?: string }) {
  const { t } = useI18n();
  const state = useLoad(load, deps as never);
  if (state.error) return <p className="alert alert-error">{t('mb.loadFailed')}</p>;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  if (state.data.posts.length === 0) return <p className="empty">{t('mb.empty')}</p>;
  return (
    <div className="mb-list" aria-label={label}>
      {state.data.posts.map((p) => (
        <PostCard key={cardKey(p)} post={p} onChanged={state.reload} extra={extra?.(p, state.reload)} />
      ))}
    </div>
  );
}
