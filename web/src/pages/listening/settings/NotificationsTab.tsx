import { useI18n } from '../../../i18n/index.js';
import { useWorkspace } from '../../../workspace.js';
import { ChannelsCard } from './ChannelsCard.js';
import { SmtpCard } from './SmtpCard.js';
import './settings.css';

/** `#/listening/notifications`: the SMTP server and the alert channels (settings.manage). */
export function NotificationsTab() {
  const { t } = useI18n();
  const { can } = useWorkspace();
  if (!can('settings.manage')) return <p className="alert alert-info">{t('ln.noPermission')}</p>;
  return (
    <div className="ln-grid">
      <SmtpCard />
      <ChannelsCard />
    </div>
  );
}
