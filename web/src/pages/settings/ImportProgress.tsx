import { useI18n } from '../../i18n/index.js';
import type { ImportJob } from '../../listeningApi.js';

const MAX_ERRORS_SHOWN = 200;

/** The running (or finished) import: a progress bar, counts, and the rejected lines with their reasons. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t, tMaybe } = useI18n();
  const running = job.status === 'running';
  const total = Math.max(job.total, 0);
  const done = Math.min(job.processed, total || job.processed);
  const percent = total > 0 ? Math.round((done / total) * 100) : running ? undefined : 100;
  const errors = Array.isArray(job.errors) ? job.errors : [];

  return (
    <section className="card import-progress" aria-labelledby="import-progress-title" data-testid="import-progress" data-status={job.status}>
      <div className="import-progress-head">
        <h3 id="import-progress-title">{job.name ?? t('import.current')}</h3>
        <span className={`badge ${job.status === 'done' ? 'badge-ok' : job.status === 'failed' ? 'badge-danger' : 'badge-info'}`} data-testid="import-status">
          {tMaybe(`import.status.${job.status}`) ?? job.status}
        </span>
      </div>
      <progress
        className="progress"
        max={total > 0 ? total : 1}
        {...(percent !== undefined ? { value: total > 0 ? done : 1 } : {})}
        aria-label={t('import.progress')}
        aria-valuetext={percent !== undefined ? `${percent}%` : t('import.counting')}
      />
      <p className="small import-counts" role="status" aria-live="polite">
        {percent !== undefined && <strong>{percent}% · </strong>}
        {running && total === 0 ? t('import.reading') : t('import.counts', { processed: job.processed, total: job.total, failed: job.failed })}
      </p>

      {!running && job.status === 'done' && job.failed === 0 && <p className="alert alert-success">{t('import.doneAll', { n: job.processed })}</p>}
      {!running && job.status === 'done' && job.failed > 0 && <p className="alert alert-warn">{t('import.doneSome', { failed: job.failed })}</p>}
      {job.status === 'failed' && <p className="alert alert-error">{t('import.failed')}</p>}

      {!running && errors.length > 0 && (
        <div className="table-wrap import-errors">
          <table className="table" aria-label={t('import.errors')} data-testid="import-errors">
            <thead>
              <tr>
                <th scope="col">{t('import.line')}</th>
                <th scope="col">{t('import.error')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.slice(0, MAX_ERRORS_SHOWN).map((e, i) => (
                <tr key={`${e.line}-${i}`}>
                  <td className="nowrap">{e.line}</td>
                  <td className="break">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {errors.length > MAX_ERRORS_SHOWN && <p className="muted small">{t('import.moreErrors', { n: errors.length - MAX_ERRORS_SHOWN })}</p>}
        </div>
      )}
    </section>
  );
}
