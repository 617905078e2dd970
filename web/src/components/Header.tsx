import { useId } from 'react';
import type { Locale, Session, Workspace } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { href } from '../router.js';
import { Icon } from './Icon.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { Logo } from './Logo.js';
import { UserMenu } from './UserMenu.js';

export interface HeaderProps {
  session: Session;
  workspace: Workspace | undefined;
  onWorkspaceChange(id: string): void;
  onLocaleChange(locale: Locale): void;
  onLogout(): void;
  onChangePassword(): void;
  navId: string;
  navOpen: boolean;
  onToggleNav(): void;
}

export function Header(props: HeaderProps) {
  const { t } = useI18n();
  const wsSelect = useId();
  const { session, workspace } = props;
  return (
    <header className="topbar">
      <button type="button" className="icon-btn nav-toggle" aria-controls={props.navId} aria-expanded={props.navOpen} aria-label={props.navOpen ? t('nav.close') : t('nav.open')} onClick={props.onToggleNav}>
        <Icon name={props.navOpen ? 'close' : 'menu'} />
      </button>
      <a className="brand" href={href('/')}>
        <Logo />
      </a>
      {workspace && (
        <div className="ws-switch">
          <label htmlFor={wsSelect}>{t('header.workspace')}</label>
          <select id={wsSelect} value={workspace.id} onChange={(e) => props.onWorkspaceChange(e.target.value)} disabled={session.workspaces.length < 2}>
            {session.workspaces.map((w: Workspace) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="topbar-end">
        <LanguageSwitch onChange={props.onLocaleChange} />
        <UserMenu user={session.user} role={workspace?.role} onChangePassword={props.onChangePassword} onLogout={props.onLogout} />
      </div>
    </header>
  );
}
