import { useEffect } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { useWorkspace } from '../workspace.js';
import { AuditPage } from './settings/AuditPage.js';
import { ChannelsPage } from './settings/ChannelsPage.js';
import { ImportPage } from './settings/ImportPage.js';
import { InboxSettings } from './inbox/settings/InboxSettings.js';
import { RolesPage } from './settings/RolesPage.js';
import { TokensPage } from './settings/TokensPage.js';
import { UsersPage } from './settings/UsersPage.js';
import { AdaptationPage } from './corrections/AdaptationPage.js';

type Section = 'users' | 'roles' | 'audit' | 'tokens' | 'channels' | 'import' | 'inbox' | 'adaptation';
const LABELS: Record<Section, MessageKey> = {
  users: 'settings.users',
  roles: 'settings.roles',
  audit: 'settings.audit',
  tokens: 'settings.tokens',
  channels: 'settings.channels',
  import: 'settings.import',
  inbox: 'settings.inbox',
  adaptation: 'settings.adaptation',
};

export function SettingsPage({ section }: { section: string | undefined }) {
  const { t } = useI18n();
  const { can, loaded } = useWorkspace();

  const allowed: Section[] = [];
  if (can('users.read') || can('users.manage')) allowed.push('users');
  if (allowed.length > 0 || can('audit.read') || can('tokens.manage') || can('settings.manage') || can('channels.manage')) allowed.push('roles');
  if (can('audit.read')) allowed.push('audit');
  if (can('tokens.manage')) allowed.push('tokens');
  if (can('channels.manage')) allowed.push('channels', 'import');
  if (can('inbox.manage') || can('screening.manage')) allowed.push('inbox');
  if (can('settings.manage') || can('analysis.correct')) allowed.push('adaptation');

  const current = allowed.find((s) => s === section);
  const fallback = allowed[0];
  useEffect(() => {
    if (loaded && !current && fallback) navigate(`/settings/${fallback}`);
  }, [loaded, current, fallback]);

  return (
    <section className="page settings" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{t('settings.title')}</h1>
      </header>
      {!loaded ? (
        <p role="status">{t('common.loading')}</p>
      ) : allowed.length === 0 ? (
        <div className="card">
          <p>{t('settings.nothing')}</p>
        </div>
      ) : (
        <>
          <nav className="subnav" aria-label={t('settings.sections')}>
            {allowed.map((s) => (
              <a key={s} href={href(`/settings/${s}`)} aria-current={s === current ? 'page' : undefined} data-section={s}>
                {t(LABELS[s])}
              </a>
            ))}
          </nav>
          {current === 'users' && <UsersPage />}
          {current === 'roles' && <RolesPage />}
          {current === 'audit' && <AuditPage />}
          {current === 'tokens' && <TokensPage />}
          {current === 'channels' && <ChannelsPage />}
          {current === 'import' && <ImportPage />}
          {current === 'inbox' && <InboxSettings />}
          {current === 'adaptation' && <AdaptationPage />}
        </>
      )}
    </section>
  );
}
