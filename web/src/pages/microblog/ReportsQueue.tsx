import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { groupsApi } from './groupsApi.js';
import { PostCard } from './PostCard.js';

/** Reports by users, beside the guideline screen's holds in the moderation tab: dismiss, or remove the post. */
export function ReportsQueue() {
  const { t, formatDateTime, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const q = useLoad(() => groupsApi.reports(workspace.id), [workspace.id]);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) => p.then(q.reload).catch((e) => setError(errorText(e)));
  return (
    <section aria-label={t('mb.reports.title')} data-testid="mb-reports">
      <h2>{t('mb.reports.title')}</h2>
      {error && <p className="alert alert-error">{error}</p>}
      {q.data?.reports.length === 0 && <p className="empty">{t('mb.reports.empty')}</p>}
      {q.data?.reports.map((r) => (
        <div key={r.id} className="mb-held-item" data-testid="mb-report">
          <p>
            <strong>{t(`mb.report.cat.${r.category}`)}</strong>{' '}
            {r.reporter && (
              <span className="muted small" translate="no">
                {t('mb.reports.by', { name: r.reporter.displayName })}
              </span>
            )}{' '}
            <time className="muted small" dateTime={r.createdAt}>
              {formatDateTime(r.createdAt)}
            </time>
          </p>
          {r.note && (
            <p className="small" translate="no">
              {r.note}
            </p>
          )}
          <PostCard post={r.post} onTag={() => undefined} onChanged={q.reload} />
          <div className="form-actions">
            <button type="button" className="btn btn-small" onClick={() => void act(groupsApi.resolve(workspace.id, r.id, 'dismiss'))}>
              {t('mb.reports.dismiss')}
            </button>
            <button type="button" className="btn btn-danger btn-small" onClick={() => void act(groupsApi.resolve(workspace.id, r.id, 'remove'))}>
              {t('mb.reports.remove')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
