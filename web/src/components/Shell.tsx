import { useEffect, useRef, useState } from 'react';
import type { Locale, Session } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { ListeningPage } from '../pages/ListeningPage.js';
import { ListeningArea } from '../pages/listening/dashboards/ListeningArea.js';
import { NetworkPage } from '../pages/network/NetworkPage.js';
import { InboxPage } from '../pages/inbox/InboxPage.js';
import { SettingsPage } from '../pages/SettingsPage.js';
import { SecurityPage } from '../pages/security/SecurityPage.js';
import { PublishingPage } from '../pages/publishing/PublishingPage.js';
import { ArchivePage } from '../pages/archive/ArchivePage.js';
import { LinksPage } from '../pages/links/LinksPage.js';
import { href, navigate, usePath } from '../router.js';
import { GlobalCrisisBanner } from './GlobalCrisisBanner.js';
import { rememberedWorkspace, rememberWorkspace, useWorkspace, WorkspaceProvider } from '../workspace.js';
import { ChangePasswordDialog } from './ChangePasswordDialog.js';
import { ComingPanel } from './ComingPanel.js';
import { MicroblogPage } from '../pages/microblog/MicroblogPage.js';
import { CustomersPage } from '../pages/customers/CustomersPage.js';
import { PendingInvitations } from './PendingInvitations.js';
import { Header } from './Header.js';
import { AREAS, areaVisible, Nav, settingsVisible, type Area } from './Nav.js';

export interface ShellProps {
  session: Session;
  onLocaleChange(locale: Locale): void;
  onLogout(): void;
  /** The server ended the session itself (after a password change). */
  onSignedOut(notice: MessageKey): void;
}

const NAV_ID = 'main-nav';

export function Shell({ session, onLocaleChange, onLogout, onSignedOut }: ShellProps) {
  const { t } = useI18n();
  const path = usePath();
  const [workspaceId, setWorkspaceId] = useState(() => rememberedWorkspace(session.workspaces)?.id);
  const workspace = session.workspaces.find((w) => w.id === workspaceId) ?? session.workspaces[0];
  const [navOpen, setNavOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(path);

  // After moving to another screen: close the phone menu and put keyboard focus on the new content.
  useEffect(() => {
    setNavOpen(false);
    if (path !== firstPath.current) main.current?.focus({ preventScroll: true });
  }, [path]);

  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setNavOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navOpen]);

  const changeWorkspace = (id: string) => {
    rememberWorkspace(id);
    setWorkspaceId(id);
  };

  const header = (
    <Header
      session={session}
      workspace={workspace}
      onWorkspaceChange={changeWorkspace}
      onLocaleChange={onLocaleChange}
      onLogout={onLogout}
      onChangePassword={() => setPasswordOpen(true)}
      navId={NAV_ID}
      navOpen={navOpen}
      onToggleNav={() => setNavOpen((o) => !o)}
    />
  );
  const dialog = passwordOpen && <ChangePasswordDialog onClose={() => setPasswordOpen(false)} onDone={() => onSignedOut('password.signInAgain')} />;
  // Joining a workspace changes the session's list of workspaces: load it again.
  const invitations = <PendingInvitations onJoined={() => window.location.reload()} />;
  const skip = (
    <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
      {t('app.skip')}
    </button>
  );

  if (!workspace) {
    return (
      <div className="app no-nav">
        {skip}
        {header}
        <main id="main" ref={main} tabIndex={-1} className="content">
          <section className="page">
            {invitations}
            <div className="card">
              <h1>{t('shell.noWorkspace.title')}</h1>
              <p>{t('shell.noWorkspace.body')}</p>
            </div>
          </section>
        </main>
        {dialog}
      </div>
    );
  }

  return (
    <WorkspaceProvider key={workspace.id} workspace={workspace} me={session.user}>
      <div className="app">
        {skip}
        {header}
        <div className="layout">
          <Nav id={NAV_ID} path={path} open={navOpen} />
          {navOpen && <div className="scrim" aria-hidden="true" onClick={() => setNavOpen(false)} />}
          <main id="main" ref={main} tabIndex={-1} className="content">
            {invitations}
            <GlobalCrisisBanner path={path} />
            <Route path={path} />
          </main>
        </div>
        {dialog}
      </div>
    </WorkspaceProvider>
  );
}

function Route({ path }: { path: string }) {
  const { t } = useI18n();
  const ws = useWorkspace();
  const [, first, second] = path.split('/');
  const home = AREAS.find((a) => areaVisible(a, ws)) ?? (settingsVisible(ws) ? 'settings' : undefined);
  const isHome = path === '/' || path === '';

  useEffect(() => {
    if (ws.loaded && isHome && home) navigate(`/${home}`);
  }, [ws.loaded, isHome, home]);

  if (!ws.loaded) return <p role="status">{t('common.loading')}</p>;
  const isArea = AREAS.includes(first as Area) && second === undefined;
  if (first === 'inbox' && areaVisible('inbox', ws) && path.split('/').length <= 3) return <InboxPage conversationId={second || undefined} />;
  if (first === 'listening' && second && areaVisible('listening', ws)) return <ListeningArea path={path} />;
  if (first === 'archive' && second === undefined && areaVisible('archive', ws)) return <ArchivePage />;
  if (isArea && areaVisible(first as Area, ws))
    return first === 'listening' ? (
      <ListeningPage />
    ) : first === 'network' ? (
      <NetworkPage />
    ) : first === 'publishing' ? (
      <PublishingPage />
    ) : first === 'microblog' ? (
      <MicroblogPage />
    ) : first === 'customers' ? (
      <CustomersPage />
    ) : (
      <ComingPanel area={first as Area} />
    );
  if (first === 'security' && second === undefined) return <SecurityPage />;
  if (first === 'publishing' && second === 'links' && path.split('/').length === 3 && ws.can('links.read')) return <LinksPage />;
  if (first === 'settings' && settingsVisible(ws)) return <SettingsPage section={second} />;
  if (isHome && home) return null;
  return (
    <section className="page">
      <div className="card">
        <h1>{isArea || first === 'settings' ? t('shell.noAccess') : t('shell.notFound')}</h1>
        {home && <a href={href('/')}>{t('shell.backHome')}</a>}
      </div>
    </section>
  );
}
