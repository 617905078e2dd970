import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { HoldReasons } from './HoldReasons.js';
import { microblogApi, type PostView } from './microblogApi.js';

/** The author edits a post in place; the edit is screened again (a held edit shows its reasons). */
export function EditBox({ post, onDone, onCancel }: { post: PostView; onDone: () => void; onCancel: () => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const id = useId();
  const [text, setText] = useState(post.text);
  const [held, setHeld] = useState<PostView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = () =>
    microblogApi.edit(workspace.id, post.id, text).then(
      (r) => (r.held ? setHeld(r.post) : onDone()),
      (e: unknown) => setError(errorText(e)),
    );
  return (
    <form className="mb-edit" data-testid="mb-edit" onSubmit={(e) => (e.preventDefault(), void save())}>
      <label htmlFor={`${id}-edit`} className="visually-hidden">
        {t('mb.edit.label')}
      </label>
      <textarea id={`${id}-edit`} rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
      {held && <HoldReasons title={t('mb.heldYours')} reasons={held.holdReasons} testId="mb-held" />}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-small btn-primary" disabled={!text.trim()}>
          {t('mb.edit.save')}
        </button>
      </div>
    </form>
  );
}

/** Every version of an edited post, oldest first. */
export function History({ postId }: { postId: string }) {
  const { t, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const h = useLoad(() => microblogApi.history(workspace.id, postId), [workspace.id, postId]);
  if (!h.data) return <p role="status">{t('common.loading')}</p>;
  return (
    <ol className="mb-history" data-testid="mb-history" aria-label={t('mb.history.title')}>
      {h.data.versions.map((v) => (
        <li key={v.version}>
          <span className="muted small">
            {t('mb.history.version', { n: v.version })} · {formatDateTime(v.createdAt)}
          </span>
          <p className="mb-text" translate="no">
            {v.text}
          </p>
        </li>
      ))}
    </ol>
  );
}
