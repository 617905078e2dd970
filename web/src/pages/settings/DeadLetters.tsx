import { useState } from 'react';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { listeningApi, type DeadLetter } from '../../listeningApi.js';
import { useTimeFormat } from '../../time.js';
import type { Loaded } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';

/** Deliveries that could not be ingested: what failed, a look at the body, and a retry. */
export function DeadLetters({ letters, accountName, now }: { letters: Loaded<DeadLetter[]>; accountName(id: string): string | undefined; now: number }) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const time = useTimeFormat();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const retry = (d: DeadLetter) => {
    setBusyId(d.id);
    setNotice(null);
    listeningApi
      .retryDeadLetter(workspace.id, d.id)
      .then(() => {
        letters.setData((list) => list?.filter((x) => x.id !== d.id));
        setNotice({ kind: 'ok', text: t('deadLetters.retried') });
      })
      .catch((err: unknown) => setNotice({ kind: 'error', text: errorText(err) }))
      .finally(() => setBusyId(null));
  };

  return (
    <section className="dead-letters" aria-labelledby="dead-letters-title">
      <div className="panel-head with-action">
        <div>
          <h2 id="dead-letters-title">{t('deadLetters.title')}</h2>
          <p className="muted">{t('deadLetters.intro')}</p>
        </div>
        <button type="button" className="btn" onClick={letters.reload} disabled={letters.loading}>
          <Icon name="refresh" size={16} />
          {t('channels.refresh')}
        </button>
      </div>

      {notice && (
        <p className={`alert ${notice.kind === 'ok' ? 'alert-success' : 'alert-error'}`} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}

      {letters.loading && !letters.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : letters.error ? (
        <div className="alert alert-error" role="alert">
          {errorText(letters.error)}{' '}
          <button type="button" className="btn btn-small" onClick={letters.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : !letters.data?.length ? (
        <p className="empty">{t('deadLetters.empty')}</p>
      ) : (
        <ul className="dead-list" data-testid="dead-letters">
          {letters.data.map((d) => (
            <li key={d.id} className="card dead-letter" data-testid="dead-letter">
              <div className="dead-meta small">
                <time dateTime={d.receivedAt} title={time.absolute(d.receivedAt)}>
                  {time.relative(d.receivedAt, now)}
                </time>
                <span>{accountName(d.accountId) ?? t('deadLetters.unknownAccount')}</span>
                <span className="badge">{tMaybe(`source.${d.source}`) ?? d.source}</span>
                <span className="muted">{t('deadLetters.attempts', { n: d.attempts })}</span>
              </div>
              <p className="dead-error" data-testid="dead-letter-error">
                <Icon name="warning" size={16} />
                <span>{d.error ?? t('deadLetters.noError')}</span>
              </p>
              <div className="dead-preview">
                <span className="small muted" id={`dead-${d.id}-preview`}>
                  {t('deadLetters.preview')}
                </span>
                <pre aria-labelledby={`dead-${d.id}-preview`} tabIndex={0}>
                  {d.preview || t('common.none')}
                </pre>
              </div>
              <div className="dead-actions">
                <button type="button" className="btn btn-small" disabled={busyId === d.id} onClick={() => retry(d)}>
                  {busyId === d.id ? t('deadLetters.retrying') : t('deadLetters.retry')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
