import { useEffect, useState, type FormEvent } from 'react';
import { api, type Locale, type LoginChallenge, type Session } from '../api.js';
import { SecondFactor } from './security/SecondFactor.js';
import { useI18n } from '../i18n/index.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { Logo } from '../components/Logo.js';

export interface LoginPageProps {
  notice?: string;
  locale: Locale;
  onLocaleChange(locale: Locale): void;
  onLoggedIn(session: Session): void;
}

export function LoginPage({ notice, onLocaleChange, onLoggedIn }: LoginPageProps) {
  const { t, errorText } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [challenge, setChallenge] = useState<LoginChallenge | null>(null);
  const [sso, setSso] = useState<{ enabled: boolean; label?: string }>({ enabled: false });
  const ssoFailed = new URLSearchParams(window.location.search).has('sso_error');
  useEffect(() => {
    api.sso().then(
      (r) => setSso(r.sso),
      () => undefined,
    );
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    api
      .login(email.trim(), password)
      .then((r) => {
        if ('mfa' in r) {
          setChallenge(r.mfa);
          setPassword('');
          setBusy(false);
        } else onLoggedIn(r);
      })
      .catch((err: unknown) => {
        setError(err);
        setPassword('');
        setBusy(false);
      });
  };

  return (
    <div className="login-screen">
      <div className="login-top">
        <LanguageSwitch onChange={onLocaleChange} className="on-light" />
      </div>
      <main className="login-card card" aria-labelledby="login-title">
        <div className="login-brand">
          <Logo />
          <p className="muted">{t('app.tagline')}</p>
        </div>
        {challenge ? (
          <SecondFactor challenge={challenge} onLoggedIn={onLoggedIn} onRestart={() => setChallenge(null)} />
        ) : (
          <>
            <h1 id="login-title">{t('login.title')}</h1>
            <p className="muted">{t('login.subtitle')}</p>
            {notice && !error && (
              <p className="alert alert-info" role="status">
                {notice}
              </p>
            )}
            {error !== null && (
              <p className="alert alert-error" role="alert" data-testid="login-error">
                {errorText(error)}
              </p>
            )}
            <form onSubmit={submit}>
              <div className="field">
                <label htmlFor="login-email">{t('login.email')}</label>
                <input id="login-email" type="email" name="email" autoComplete="username" inputMode="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="login-password">{t('login.password')}</label>
                <input id="login-password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
              </div>
              <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
                {busy ? t('login.submitting') : t('login.submit')}
              </button>
            </form>
            {sso.enabled && (
              <a className="btn btn-block" href="/api/v1/auth/sso/start" data-testid="sso-button">
                {t('login.sso', { label: sso.label ?? 'SSO' })}
              </a>
            )}
            {ssoFailed && (
              <p className="alert alert-error" role="alert">
                {t('login.ssoFailed')}
              </p>
            )}
          </>
        )}
        <p className="muted small login-footer">{t('login.footer')}</p>
      </main>
    </div>
  );
}
