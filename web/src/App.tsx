import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, onUnauthorized, rememberCsrfToken, type Locale, type Session } from './api.js';
import { useI18n, type MessageKey } from './i18n/index.js';
import { LoginPage } from './pages/LoginPage.js';
import { Shell } from './components/Shell.js';
import { navigate, usePath } from './router.js';
import { SharedDashboardPage } from './pages/listening/dashboards/SharedDashboardPage.js';

type State = { status: 'loading' } | { status: 'unreachable'; message: string } | { status: 'anonymous'; notice?: MessageKey } | { status: 'ready'; session: Session };

export function App() {
  const { t, locale, setLocale, errorText } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });
  // A language picked on the login page is the user's choice for their account too.
  const pickedBeforeLogin = useRef<Locale | null>(null);
  // A shared dashboard (`#/shared/<token>`) opens for anyone, signed in or not.
  const path = usePath();

  const load = useCallback(() => {
    setState({ status: 'loading' });
    api
      .me()
      .then((session) => {
        rememberCsrfToken(session.csrfToken);
        setLocale(session.user.locale);
        setState({ status: 'ready', session });
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'unreachable', message: errorText(err) });
      });
    // errorText is left out on purpose: switching language must not reload the session.
  }, [setLocale]);

  useEffect(load, [load]);

  useEffect(() => {
    onUnauthorized(() => setState((s) => (s.status === 'ready' ? { status: 'anonymous', notice: 'error.sessionExpired' } : s)));
    return () => onUnauthorized(undefined);
  }, []);

  const changeLocale = useCallback(
    (next: Locale) => {
      setLocale(next);
      if (state.status !== 'ready') {
        pickedBeforeLogin.current = next;
        return;
      }
      setState({ status: 'ready', session: { ...state.session, user: { ...state.session.user, locale: next } } });
      api.updateMe({ locale: next }).catch(() => {
        /* the choice is still remembered on this device; the account keeps its old one */
      });
    },
    [setLocale, state],
  );

  const onLoggedIn = useCallback(
    (session: Session) => {
      rememberCsrfToken(session.csrfToken);
      const picked = pickedBeforeLogin.current;
      pickedBeforeLogin.current = null;
      if (picked && picked !== session.user.locale) {
        session = { ...session, user: { ...session.user, locale: picked } };
        api.updateMe({ locale: picked }).catch(() => undefined);
      }
      setLocale(session.user.locale);
      setState({ status: 'ready', session });
    },
    [setLocale],
  );

  const logout = useCallback(() => {
    api
      .logout()
      .catch(() => undefined)
      .finally(() => {
        rememberCsrfToken(undefined);
        // The next person to sign in starts at their own first screen, not at this one's last.
        navigate('/');
        setState({ status: 'anonymous' });
      });
  }, []);

  if (path.startsWith('/shared/')) return <SharedDashboardPage token={decodeURIComponent(path.slice('/shared/'.length))} onLocaleChange={changeLocale} />;

  switch (state.status) {
    case 'loading':
      return (
        <div className="center-screen" role="status" aria-live="polite">
          {t('common.loading')}
        </div>
      );
    case 'unreachable':
      return (
        <div className="center-screen">
          <div className="card narrow">
            <p role="alert" className="alert alert-error">
              {state.message}
            </p>
            <button type="button" className="btn btn-primary" onClick={load}>
              {t('common.retry')}
            </button>
          </div>
        </div>
      );
    case 'anonymous':
      return <LoginPage notice={state.notice ? t(state.notice) : undefined} locale={locale} onLocaleChange={changeLocale} onLoggedIn={onLoggedIn} />;
    case 'ready':
      return (
        <Shell
          session={state.session}
          onLocaleChange={changeLocale}
          onLogout={logout}
          onSignedOut={(notice) => {
            rememberCsrfToken(undefined);
            setState({ status: 'anonymous', notice });
          }}
        />
      );
  }
}
