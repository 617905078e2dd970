import { useState, type FormEvent } from 'react';
import { api, type LoginChallenge, type MfaEnrolment, type Session } from '../../api.js';
import { useI18n } from '../../i18n/index.js';

export interface SecondFactorProps {
  challenge: LoginChallenge;
  onLoggedIn(session: Session): void;
  onRestart(): void;
}

/** The login's second step: a code (or recovery code), or a forced set-up first. */
export function SecondFactor({ challenge, onLoggedIn, onRestart }: SecondFactorProps) {
  const { t, errorText } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [done, setDone] = useState<{ session: Session; codes: string[] } | null>(null);
  const enrol = challenge.kind === 'enrol';

  const run = <T,>(p: Promise<T>, then: (v: T) => void) => {
    setBusy(true);
    setError(null);
    p.then(then)
      .catch((err: unknown) => {
        setError(err);
        setCode('');
      })
      .finally(() => setBusy(false));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (enrol) run(api.loginEnrolConfirm(challenge.token, code.trim()), (r) => setDone({ session: r, codes: r.recoveryCodes }));
    else run(api.verifyLogin(challenge.token, code.trim()), onLoggedIn);
  };

  if (done) {
    return (
      <section aria-labelledby="recovery-title" data-testid="recovery-codes">
        <h1 id="recovery-title">{t('mfa.recovery.title')}</h1>
        <p className="muted">{t('mfa.recovery.body')}</p>
        <ul className="recovery-codes">
          {done.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-primary btn-block" onClick={() => onLoggedIn(done.session)}>
          {t('mfa.recovery.continue')}
        </button>
      </section>
    );
  }

  return (
    <section aria-labelledby="mfa-title">
      <h1 id="mfa-title">{enrol ? t('mfa.enrol.title') : t('mfa.step.title')}</h1>
      <p className="muted">{enrol ? t('mfa.enrol.body') : t('mfa.step.body')}</p>
      {error !== null && (
        <p className="alert alert-error" role="alert" data-testid="mfa-error">
          {errorText(error)}
        </p>
      )}
      {enrol && !enrolment ? (
        <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => run(api.loginEnrol(challenge.token), setEnrolment)}>
          {t('mfa.enrol.start')}
        </button>
      ) : (
        <form onSubmit={submit}>
          {enrolment && <EnrolmentSecret enrolment={enrolment} />}
          <div className="field">
            <label htmlFor="mfa-code">{t('mfa.code')}</label>
            <input id="mfa-code" type="text" name="code" autoComplete="one-time-code" inputMode="numeric" required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('mfa.verifying') : t('mfa.verify')}
          </button>
        </form>
      )}
      <button type="button" className="btn btn-ghost btn-block" onClick={onRestart}>
        {t('mfa.back')}
      </button>
    </section>
  );
}

/** The secret and its otpauth:// address, shown once during set-up. */
export function EnrolmentSecret({ enrolment }: { enrolment: MfaEnrolment }) {
  const { t } = useI18n();
  return (
    <div className="enrolment" data-testid="mfa-enrolment">
      <div className="field">
        <label htmlFor="mfa-secret">{t('mfa.secret')}</label>
        <input id="mfa-secret" readOnly value={enrolment.secret} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="field">
        <label htmlFor="mfa-uri">{t('mfa.uri')}</label>
        <textarea id="mfa-uri" readOnly rows={3} value={enrolment.otpauthUri} onFocus={(e) => e.currentTarget.select()} />
      </div>
    </div>
  );
}
