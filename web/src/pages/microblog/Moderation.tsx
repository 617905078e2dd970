import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi } from './microblogApi.js';
import { PostCard } from './PostCard.js';
import { ReportsQueue } from './ReportsQueue.js';

/** Held posts waiting for a moderator: release or remove. */
export function Moderation() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const queue = useLoad(() => microblogApi.queue(workspace.id), [workspace.id]);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) => p.then(queue.reload).catch((e) => setError(errorText(e)));
  if (!queue.data) return <p role="status">{t('common.loading')}</p>;
  return (
    <section aria-label={t('mb.tab.moderation')}>
      {error && <p className="alert alert-error">{error}</p>}
      {queue.data.posts.length === 0 && <p className="empty">{t('mb.queueEmpty')}</p>}
      {queue.data.posts.map((p) => (
        <div key={p.id} className="mb-held-item">
          <PostCard post={p} onChanged={queue.reload} />
          <div className="form-actions">
            <button type="button" className="btn btn-small" onClick={() => void act(microblogApi.release(workspace.id, p.id, ''))}>
              {t('mb.release')}
            </button>
            <button type="button" className="btn btn-danger btn-small" onClick={() => void act(microblogApi.reject(workspace.id, p.id, ''))}>
              {t('mb.reject')}
            </button>
          </div>
        </div>
      ))}
      <ReportsQueue />
    </section>
  );
}
