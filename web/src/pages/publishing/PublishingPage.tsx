import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useI18n } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useWorkspace } from '../../workspace.js';
import { AnalyticsPanel } from './AnalyticsPanel.js';
import { ApprovalsPanel } from './ApprovalsPanel.js';
import { CalendarPanel } from './CalendarPanel.js';
import { ComposerPanel } from './ComposerPanel.js';
import { publishingApi } from './publishingApi.js';
import { SettingsPanel } from './SettingsPanel.js';

type Tab = 'compose' | 'approvals' | 'calendar' | 'analytics' | 'settings';

/** Publishing: composer, approvals queue, calendar, analytics, settings, and the one-click stop-all for a crisis. */
export function PublishingPage() {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const [tab, setTab] = useState<Tab>('compose');
  const [openPost, setOpenPost] = useState<string | undefined>();
  const [confirm, setConfirm] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const stopAll = async () => {
    setConfirm(false);
    try {
      const r = await publishingApi.stopAll(workspace.id, '');
      setNotice(t('pub.stopAll.done', { n: r.stopped }));
    } catch (err) {
      setNotice(errorText(err));
    }
  };
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{t('nav.publishing')}</h1>
        {can('links.read') && (
          <a className="btn" href={href('/publishing/links')} data-testid="links-entry">
            {t('links.title')}
          </a>
        )}
        {can('publishing.manage') && (
          <button type="button" className="btn btn-danger" data-testid="pub-stop-all" onClick={() => setConfirm(true)}>
            {t('pub.stopAll')}
          </button>
        )}
      </header>
      {notice && (
        <p className="alert alert-info" role="status" data-testid="pub-notice">
          {notice}
        </p>
      )}
      <div className="tabs" role="tablist">
        {(['compose', 'approvals', 'calendar', 'analytics', 'settings'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab ${tab === k ? 'active' : ''}`} onClick={() => (setTab(k), setOpenPost(undefined))} data-tab={k}>
            {t(`pub.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'compose' && <ComposerPanel openPostId={openPost} />}
      {tab === 'approvals' && <ApprovalsPanel />}
      {tab === 'calendar' && <CalendarPanel onOpen={(id) => (setOpenPost(id), setTab('compose'))} />}
      {tab === 'analytics' && <AnalyticsPanel onOpen={(id) => (setOpenPost(id), setTab('compose'))} />}
      {tab === 'settings' && <SettingsPanel />}
      {confirm && <ConfirmDialog title={t('pub.stopAll')} body={t('pub.stopAll.confirm')} confirm={t('pub.stopAll')} danger onConfirm={stopAll} onClose={() => setConfirm(false)} />}
    </section>
  );
}
