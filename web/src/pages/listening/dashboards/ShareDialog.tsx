import { useState } from 'react';
import { Dialog } from '../../../components/Dialog.js';
import { useI18n } from '../../../i18n/index.js';
import { useTimeFormat } from '../../../time.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi, type Target } from './dashboardsApi.js';

const EXPIRIES = [24, 168, 720, 2160] as const;

/** The web address a visitor opens without signing in (rendered by SharedDashboardPage). */
export const sharedLink = (token: string) => `${window.location.origin}${window.location.pathname}#/shared/${token}`;

/** Create and revoke read-only links to this dashboard; a new link is shown once. */
export function ShareDialog({ target, onClose }: { target: Target; onClose(): void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const time = useTimeFormat();
  const shares = useLoad(() => dashboardsApi.shares(workspace.id).then((r) => r.shares.filter((s) => s.targetType === target.type && s.targetId === target.id && !s.revokedAt)), [workspace.id, target.type, target.id]);
  const [hours, setHours] = useState<number>(168);
  const [label, setLabel] = useState('');
  const [link, setLink] = useState<string>();
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = () => {
    setBusy(true);
    setError(null);
    dashboardsApi
      .createShare(workspace.id, target, { expiresInHours: hours, label: label.trim() || undefined })
      .then((r) => {
        setLink(sharedLink(r.share.token ?? ''));
        setCopied(false);
        shares.reload();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const revoke = (id: string) =>
    dashboardsApi
      .revokeShare(workspace.id, id)
      .then(() => shares.reload())
      .catch(setError);

  return (
    <Dialog title={t('ld.share.title')} onClose={onClose}>
      <div className="dialog-body">
        <p className="muted small">{t('ld.share.help')}</p>
        <form
          className="ld-form-row"
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <div className="field">
            <label htmlFor="share-label">{t('ld.share.label')}</label>
            <input id="share-label" type="text" maxLength={120} value={label} onChange={(e) => setLabel(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="share-exp">{t('ld.share.expires')}</label>
            <select id="share-exp" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {EXPIRIES.map((h) => (
                <option key={h} value={h}>
                  {t('ld.share.days', { n: h / 24 })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-share">
              {t('ld.share.create')}
            </button>
          </div>
        </form>
        {link && (
          <div className="alert alert-success" role="status">
            <p>{t('ld.share.once')}</p>
            <div className="ld-linkbox">
              <input readOnly value={link} aria-label={t('ld.share.link')} onFocus={(e) => e.target.select()} data-testid="share-link" />
              <button
                type="button"
                className="btn btn-small"
                onClick={() =>
                  navigator.clipboard?.writeText(link).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
              >
                {copied ? t('common.copied') : t('common.copy')}
              </button>
            </div>
          </div>
        )}
        {error !== null && (
          <p className="alert alert-error" role="alert">
            {errorText(error)}
          </p>
        )}
        <h3>{t('ld.share.active')}</h3>
        {(shares.data ?? []).length === 0 ? (
          <p className="muted small">{t('ld.share.none')}</p>
        ) : (
          <ul className="ld-share-list">
            {(shares.data ?? []).map((s) => (
              <li key={s.id}>
                <span>
                  {s.label || t('ld.share.unnamed')} · <span className="small muted">{t('ld.share.until', { when: time.absolute(s.expiresAt) })}</span>
                  {s.lastUsedAt && <span className="small muted"> · {t('ld.share.used', { when: time.relative(s.lastUsedAt) })}</span>}
                </span>
                <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke(s.id)}>
                  {t('ld.share.revoke')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
