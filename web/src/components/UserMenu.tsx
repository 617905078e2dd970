import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Role, User } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { Icon } from './Icon.js';
import { navigate } from '../router.js';

export interface UserMenuProps {
  user: User;
  role: Role | undefined;
  onChangePassword(): void;
  onLogout(): void;
}

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  return (Array.from(source)[0] ?? '?').toUpperCase();
}

export function UserMenu({ user, role, onChangePassword, onLogout }: UserMenuProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const onMenuKey = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    next?.focus();
  };

  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };

  return (
    <div className="user-menu" ref={root}>
      <button ref={button} type="button" className="user-btn" aria-haspopup="menu" aria-expanded={open} aria-controls={menuId} aria-label={`${t('header.userMenu')}: ${user.name || user.email}`} onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">
          {initials(user.name, user.email)}
        </span>
        <span className="user-name">{user.name || user.email}</span>
        <Icon name="chevron" size={16} />
      </button>
      {open && (
        <div className="menu" id={menuId} role="menu" aria-label={t('header.userMenu')} onKeyDown={onMenuKey}>
          <div className="menu-info" role="presentation">
            <strong>{user.name}</strong>
            <span className="muted small">{user.email}</span>
            {role && <span className="muted small">{t('header.role', { role: t(`role.${role}`) })}</span>}
            {user.isInstanceAdmin && <span className="badge badge-info">{t('header.instanceAdmin')}</span>}
          </div>
          <button type="button" role="menuitem" onClick={choose(() => navigate('/security'))}>
            {t('header.security')}
          </button>
          <button type="button" role="menuitem" onClick={choose(onChangePassword)}>
            {t('header.changePassword')}
          </button>
          <button type="button" role="menuitem" onClick={choose(onLogout)}>
            {t('header.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
