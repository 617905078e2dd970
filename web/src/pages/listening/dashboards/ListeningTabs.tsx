import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { Icon } from '../../../components/Icon.js';
import { useI18n } from '../../../i18n/index.js';
import { href } from '../../../router.js';
import { useTimeFormat } from '../../../time.js';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi, type Crisis } from './dashboardsApi.js';
import { useAlertFeed, type AlertFeed } from './useAlertFeed.js';

export const LISTENING_TABS = ['live', 'dashboard', 'queries', 'alerts', 'search', 'communication', 'reports', 'notifications'] as const;
export type ListeningTab = (typeof LISTENING_TABS)[number];

export const tabPath = (tab: ListeningTab) => (tab === 'live' ? '/listening' : `/listening/${tab}`);

/** The tabs of the Listening area with the crisis-mode and new-alert banners above the content. */
export function ListeningTabs({ current, feed }: { current: ListeningTab; feed: AlertFeed }) {
  const { t } = useI18n();
  const { can } = useWorkspace();
  // Notification settings (SMTP, channels) need settings.manage; the tab is not offered without it.
  const tabs = LISTENING_TABS.filter((tab) => tab !== 'notifications' || can('settings.manage'));
  return (
    <>
      <CrisisBanner crisis={feed.crisis} onChange={feed.setCrisis} />
      {feed.banner && (
        <div className="ld-alert-banner" role="alert" data-testid="alert-banner">
          <Icon name="warning" size={18} />
          <span>
            {t('ld.banner.newAlert', { query: feed.banner.queryName, observed: feed.banner.observed })} <strong>{t(`ld.severity.${feed.banner.severity}`)}</strong>
          </span>
          <a className="btn btn-small" href={href('/listening/alerts')} onClick={feed.dismiss}>
            {t('ld.banner.open')}
          </a>
          <button type="button" className="icon-btn" aria-label={t('common.close')} onClick={feed.dismiss}>
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      <nav className="ld-tabs" aria-label={t('ld.tabs')}>
        {tabs.map((tab) => (
          <a key={tab} href={href(tabPath(tab))} className="ld-tab" aria-current={tab === current ? 'page' : undefined} data-tab={tab}>
            {t(`ld.tab.${tab}`)}
          </a>
        ))}
      </nav>
    </>
  );
}

/** For the live-stream page: the tabs with their own alert feed. */
export function ListeningNav() {
  const feed = useAlertFeed();
  return <ListeningTabs current="live" feed={feed} />;
}

/** Crisis mode is on: since when, why, and (for managers) the switch to end it. */
export function CrisisBanner({ crisis, onChange }: { crisis: Crisis | undefined; onChange(c: Crisis): void }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const time = useTimeFormat();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!crisis?.active) return null;
  const end = () => {
    setBusy(true);
    dashboardsApi
      .setCrisis(workspace.id, { active: false })
      .then((r) => {
        onChange(r.crisis);
        setConfirm(false);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <div className="ld-crisis" role="status" data-testid="crisis-banner">
      <Icon name="warning" size={22} />
      <div>
        <strong>{t('ld.crisis.on')}</strong>
        <span className="small">
          {t('ld.crisis.since', { when: time.absolute(crisis.since) })}
          {crisis.reason ? ` · ${crisis.reason}` : ''}
        </span>
        {error !== null && <span className="small">{errorText(error)}</span>}
      </div>
      {can('listening.manage') && (
        <button type="button" className="btn btn-small" onClick={() => setConfirm(true)}>
          {t('ld.crisis.turnOff')}
        </button>
      )}
      {confirm && <ConfirmDialog title={t('ld.crisis.offTitle')} body={t('ld.crisis.offBody')} confirm={t('ld.crisis.turnOff')} busy={busy} onConfirm={end} onClose={() => setConfirm(false)} />}
    </div>
  );
}
