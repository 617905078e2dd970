import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import type { Conversation, Customer, Priority } from './inboxApi.js';

/** The tag routing rules put on VIP customers' conversations (src/modules/inbox/routing.context.ts). */
export const VIP_TAG = 'vip';
/** Influence scores run 0–100 (src/modules/network/influence.ts); from here on a customer is marked. */
export const INFLUENTIAL = 50;

export function customerName(c: Pick<Customer, 'name' | 'handle' | 'id'>): string {
  return c.name || c.handle || c.id.slice(0, 8);
}

export { atHandle } from '../../handle.js';

/** VIP (tagged), influence and verified marks beside a customer's name. */
export function CustomerBadges({ customer, tags }: { customer: Customer; tags: readonly string[] }) {
  const { t } = useI18n();
  const time = useTimeFormat();
  return (
    <>
      {customer.verified && (
        <span className="verified" role="img" aria-label={t('inbox.verified')} title={t('inbox.verified')}>
          <Icon name="verified" size={15} />
        </span>
      )}
      {tags.includes(VIP_TAG) && <span className="badge badge-vip">VIP</span>}
      {customer.influence !== null && customer.influence >= INFLUENTIAL && (
        <span className="badge badge-influence" title={t('inbox.influenceHint')}>
          {t('inbox.influence', { n: time.number(Math.round(customer.influence)) })}
        </span>
      )}
    </>
  );
}

const PRIORITY_CLASS: Record<Priority, string> = { urgent: 'prio-urgent', high: 'prio-high', normal: 'prio-normal', low: 'prio-low' };

export function PriorityBadge({ priority, quiet }: { priority: Priority; quiet?: boolean }) {
  const { t } = useI18n();
  if (quiet && priority === 'normal') return null;
  return <span className={`badge prio ${PRIORITY_CLASS[priority] ?? ''}`}>{t(`inbox.priority.${priority}`)}</span>;
}

export function StatusBadge({ status }: { status: Conversation['status'] }) {
  const { t } = useI18n();
  return <span className={`badge status status-${status}`}>{t(`inbox.status.${status}`)}</span>;
}
