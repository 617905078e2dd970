import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi } from './microblogApi.js';
import { PostCard } from './PostCard.js';
import { cardKey } from './Posts.js';

/** A post in its thread: what it answers (oldest first), the post, a reply box, and the replies under it. */
export function Thread({ postId }: { postId: string }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const data = useLoad(async () => {
    const [post, context] = await Promise.all([microblogApi.get(workspace.id, postId), microblogApi.context(workspace.id, postId)]);
    return { post: post.post, ...context };
  }, [workspace.id, postId]);
  if (data.error) return <p className="alert alert-error">{t('mb.loadFailed')}</p>;
  if (!data.data) return <p role="status">{t('common.loading')}</p>;
  const d = data.data;
  return (
    <section aria-label={t('mb.thread.title')} className="mb-list" data-testid="mb-thread">
      <h2>{t('mb.thread.title')}</h2>
      {d.ancestors.map((p) => (
        <PostCard key={cardKey(p)} post={p} onChanged={data.reload} />
      ))}
      <PostCard key={cardKey(d.post)} post={d.post} onChanged={data.reload} focused />
      <h3>{t('mb.thread.replies', { n: d.descendants.length })}</h3>
      {d.descendants.length === 0 && <p className="empty">{t('mb.thread.none')}</p>}
      <div className="mb-replies" data-testid="mb-replies">
        {d.descendants.map((p) => (
          <PostCard key={cardKey(p)} post={p} onChanged={data.reload} />
        ))}
      </div>
    </section>
  );
}
