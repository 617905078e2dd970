import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { groupsApi, REPORT_CATEGORIES, type ReportCategory } from './groupsApi.js';

/** Reports a post to the moderators: a reason and a note (the author is never told who reported). */
export function ReportButton({ postId }: { postId: string }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<ReportCategory>('personal_data');
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    void groupsApi
      .report(workspace.id, postId, category, note)
      .then(() => {
        setDone(true);
        setOpen(false);
      })
      .catch((err) => setError(errorText(err)));
  };
  if (done) return <span className="muted small">{t('mb.report.sent')}</span>;
  if (!open)
    return (
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(true)}>
        {t('mb.report.open')}
      </button>
    );
  return (
    <form className="mb-report" onSubmit={submit} aria-label={t('mb.report.open')}>
      <label>
        {t('mb.report.category')}{' '}
        <select value={category} onChange={(e) => setCategory(e.target.value as ReportCategory)}>
          {REPORT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`mb.report.cat.${c}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('mb.report.note')} <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      </label>{' '}
      <button type="submit" className="btn btn-danger btn-small">
        {t('mb.report.submit')}
      </button>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
