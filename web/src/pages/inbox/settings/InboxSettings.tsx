import { useEffect } from 'react';
import { useWorkspace } from '../../../workspace.js';
import { useI18n, type MessageKey } from '../../../i18n/index.js';
import { href, navigate, usePath } from '../../../router.js';
import { CannedPage } from './CannedPage.js';
import { RulesPage } from './RulesPage.js';
import { SlaPage } from './SlaPage.js';
import { TeamsPage } from './TeamsPage.js';

const PAGES = ['rules', 'teams', 'sla', 'canned'] as const;
type Page = (typeof PAGES)[number];
const LABELS: Record<Page, MessageKey> = {
  rules: 'inboxSettings.rules.title',
  teams: 'inboxSettings.teams.title',
  sla: 'inboxSettings.sla.title',
  canned: 'inboxSettings.canned.title',
};

/** Settings → Inbox: `#/settings/inbox/<rules|teams|sla|canned>[/<rule id>]`. */
export function InboxSettings() {
  const { t } = useI18n();
  const path = usePath();
  const [, , , sub, id] = path.split('/');
  // Compliance (no inbox.manage) comes here for the canned replies proposed from the microblog only.
  const pages = useWorkspace().can('inbox.manage') ? PAGES : (['canned'] as const);
  const page = pages.find((p) => p === sub);
  useEffect(() => {
    if (!page) navigate(`/settings/inbox/${pages[0]}`);
  }, [page, pages]);
  return (
    <div className="inbox-settings">
      <nav className="subnav subnav-minor" aria-label={t('inboxSettings.sections')}>
        {pages.map((p) => (
          <a key={p} href={href(`/settings/inbox/${p}`)} aria-current={p === page ? 'page' : undefined} data-section={`inbox-${p}`}>
            {t(LABELS[p])}
          </a>
        ))}
      </nav>
      {page === 'rules' && <RulesPage id={id} />}
      {page === 'teams' && <TeamsPage />}
      {page === 'sla' && <SlaPage />}
      {page === 'canned' && <CannedPage />}
    </div>
  );
}
