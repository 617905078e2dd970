import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { Dialog } from './Dialog.js';

/** On success the server ends every session of the user, this one included: `onDone` goes back to sign-in. */
export function ChangePasswordDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t, errorText } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return setError(t('password.mismatch'));
    if (next.length < 10) return setError(t('error.weakPassword'));
    setBusy(true);
    setError(null);
    api
      .changePassword(current, next)
      .then(() => setDone(true))
      .catch((err: unknown) => setError(err instanceof ApiError && err.code === 'auth.invalid_credentials' ? t('password.wrongCurrent') : errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <Dialog title={t('password.title')} onClose={done ? onDone : onClose}>
      {done ? (
        <div className="dialog-body">
          <p className="alert alert-success" role="status">
            {t('password.done')} {t('password.signInAgain')}
          </p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={onDone} autoFocus>
              {t('login.submit')}
            </button>
          </div>
        </div>
      ) : (
        <form className="dialog-body" onSubmit={submit}>
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <div className="field">
            <label htmlFor="pw-current">{t('password.current')}</label>
            <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="pw-new">{t('password.new')}</label>
            <input id="pw-new" type="password" autoComplete="new-password" required aria-describedby="pw-hint" value={next} onChange={(e) => setNext(e.target.value)} />
            <p id="pw-hint" className="hint">
              {t('password.hint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="pw-confirm">{t('password.confirm')}</label>
            <input id="pw-confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.saving') : t('password.submit')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
