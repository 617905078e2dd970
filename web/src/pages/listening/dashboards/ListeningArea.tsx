import { useI18n } from '../../../i18n/index.js';
import { AlertsTab } from './AlertsTab.js';
import { DashboardTab } from './DashboardTab.js';
import { ListeningTabs, LISTENING_TABS, type ListeningTab } from './ListeningTabs.js';
import { QueriesTab } from './QueriesTab.js';
import { SearchTab } from './SearchTab.js';
import { CommunicationTab } from '../settings/CommunicationTab.js';
import { NotificationsTab } from '../settings/NotificationsTab.js';
import { ReportsTab } from '../settings/ReportsTab.js';
import { useAlertFeed } from './useAlertFeed.js';
import type { Target } from './dashboardsApi.js';
import './panels.css';

/**
 * The Listening area past its live stream: `#/listening/dashboard[/query|set/<id>]`, `#/listening/queries`,
 * `#/listening/alerts`, `#/listening/search`, `#/listening/communication`, `#/listening/reports`,
 * `#/listening/notifications`. The live stream itself stays at `#/listening` (ListeningPage).
 */
export function ListeningArea({ path }: { path: string }) {
  const { t } = useI18n();
  const feed = useAlertFeed();
  const [, , sub, type, id] = path.split('/');
  const tab: ListeningTab = (LISTENING_TABS as readonly string[]).includes(sub ?? '') ? (sub as ListeningTab) : 'dashboard';
  const target: Target | undefined = (type === 'query' || type === 'set') && id ? { type, id: decodeURIComponent(id) } : undefined;

  return (
    <section className="page listening ld-area" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{t('nav.listening')}</h1>
        <p className="muted">{t(`ld.intro.${tab}`)}</p>
      </header>
      <ListeningTabs current={tab} feed={feed} />
      {tab === 'dashboard' && <DashboardTab target={target} />}
      {tab === 'queries' && <QueriesTab />}
      {tab === 'alerts' && <AlertsTab feed={feed} />}
      {tab === 'search' && <SearchTab {...(type === 'segment' && id ? { segmentId: decodeURIComponent(id) } : {})} />}
      {tab === 'communication' && <CommunicationTab />}
      {tab === 'reports' && <ReportsTab />}
      {tab === 'notifications' && <NotificationsTab />}
    </section>
  );
}
