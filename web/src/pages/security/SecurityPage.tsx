import { useState, type FormEvent } from 'react';
import { api, type MfaEnrolment } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { EnrolmentSecret } from './SecondFactor.js';

/** My security: two-step verification on or off, and the sessions signed in as me. */
export function SecurityPage() {
  const { t } = useI18n();
  return (
    <section className="page" aria-labelledby="security-title">
      <h1 id="security-title">{t('header.security')}</h1>
      <MfaCard />
      <SessionsCard />
    </section>
  );
}

function MfaCard() {
  const { t, errorText } = useI18n();
  const status = useLoad(() => api.mfaStatus(), []);
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const act = (p: Promise<unknown>) => {
    setError(null);
    setNotice('');
    return p.catch((e: unknown) => {
      setError(e);
      throw e;
    });
  };
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void act(api.mfaConfirm(code.trim()).then((r) => (setCodes(r.recoveryCodes), setEnrolment(null), setCode(''), status.reload()))).catch(() => undefined);
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void act(api.mfaDisable(password, code.trim()).then(() => (setNotice(t('mfa.disabled')), setPassword(''), setCode(''), status.reload()))).catch(() => undefined);
  };
  const s = status.data?.mfa;
  return (
    <div className="card" data-testid="mfa-card">
      <h2>{t('mfa.section')}</h2>
      {s && <p data-testid="mfa-status">{s.enabled ? t('mfa.on', { n: s.recoveryCodesLeft }) : t('mfa.off')}</p>}
      {s?.required && <p className="muted">{t('mfa.requiredNote')}</p>}
      {error !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(error)}
        </p>
      )}
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      {codes && (
        <div data-testid="recovery-codes">
          <h3>{t('mfa.recovery.title')}</h3>
          <p className="muted">{t('mfa.recovery.body')}</p>
          <ul className="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {s && !s.enabled && !enrolment && (
        <button type="button" className="btn btn-primary" onClick={() => void act(api.mfaSetup().then(setEnrolment)).catch(() => undefined)}>
          {t('mfa.setup')}
        </button>
      )}
      {enrolment && (
        <form onSubmit={confirm}>
          <EnrolmentSecret enrolment={enrolment} />
          <div className="field">
            <label htmlFor="mfa-confirm-code">{t('mfa.code')}</label>
            <input id="mfa-confirm-code" type="text" autoComplete="one-time-code" inputMode="numeric" required value={code} onChange={(e) => setCode(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary">
            {t('mfa.confirm')}
          </button>
        </form>
      )}
      {s?.enabled && !s.required && (
        <form onSubmit={disable}>
          <div className="field">
            <label htmlFor="mfa-off-password">{t('mfa.password')}</label>
            <input id="mfa-off-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="mfa-off-code">{t('mfa.code')}</label>
            <input id="mfa-off-code" type="text" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-danger">
            {t('mfa.disable')}
          </button>
        </form>
      )}
    </div>
  );
}

function SessionsCard() {
  const { t, errorText, formatDateTime } = useI18n();
  const list = useLoad(() => api.sessions(), []);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.then(() => list.reload()).catch(setError);
  };
  const sessions = list.data?.sessions ?? [];
  return (
    <div className="card" data-testid="sessions-card">
      <h2>{t('sessions.section')}</h2>
      {error !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(error)}
        </p>
      )}
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('sessions.device')}</th>
            <th scope="col">{t('sessions.ip')}</th>
            <th scope="col">{t('sessions.created')}</th>
            <th scope="col">{t('sessions.lastSeen')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('sessions.end')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row">
              <td>
                {s.device}
                {s.current && <span className="badge badge-info"> {t('sessions.current')}</span>}
              </td>
              <td>{s.ip ?? '—'}</td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>
                {!s.current && (
                  <button type="button" className="btn btn-small" onClick={() => run(api.endSession(s.id))}>
                    {t('sessions.end')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length <= 1 ? (
        <p className="muted">{t('sessions.none')}</p>
      ) : (
        <button type="button" className="btn" onClick={() => run(api.endOtherSessions().then((r) => setNotice(t('sessions.ended', { n: r.ended }))))}>
          {t('sessions.endOthers')}
        </button>
      )}
    </div>
  );
}
