import { channelLabel } from '../../channelLabel.js';
import { ChannelMark } from '../../components/ChannelMark.js';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useTimeFormat } from '../../time.js';
import { safeUrl } from '../listening/analysis.js';
import type { Conversation } from './inboxApi.js';
import { atHandle, customerName, CustomerBadges, StatusBadge } from './people.js';

/** Who the customer is, how far they reach, and what else they have talked to the bank about. */
export function CustomerPanel({ conv, history, accountName }: { conv: Conversation; history: Conversation[]; accountName?: string }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  const c = conv.customer;
  const name = customerName(c);
  const handle = atHandle(c.handle);
  const profile = safeUrl(c.profileUrl);
  return (
    <section className="side-card" aria-labelledby="customer-title" data-testid="customer-panel">
      <h2 id="customer-title" className="side-title">
        {t('inbox.customer')}
      </h2>
      <div className="cust-head">
        <span className="cust-avatar" aria-hidden="true">
          {Array.from(name)[0]?.toUpperCase() ?? '?'}
        </span>
        <div className="cust-who">
          <span className="cust-name">
            <strong translate="no">{name}</strong>
            <CustomerBadges customer={c} tags={conv.tags} />
          </span>
          {handle && (
            <span className="muted small break" translate="no">
              {handle}
            </span>
          )}
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('inbox.channel')}</dt>
          <dd>
            <ChannelMark type={conv.channel} size="sm" /> {channelLabel(tMaybe, conv.channel)}
            {accountName && <span className="muted small"> · {accountName}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('inbox.customerFollowers')}</dt>
          <dd>{c.followers !== null ? time.number(c.followers) : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('inbox.customerInfluence')}</dt>
          <dd>{c.influence !== null ? `${time.number(Math.round(c.influence))} / 100` : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('inbox.firstContact')}</dt>
          <dd title={time.absolute(conv.createdAt)}>{time.relative(conv.createdAt)}</dd>
        </div>
      </dl>
      {profile && (
        <a href={profile} target="_blank" rel="noopener noreferrer" className="small">
          {t('inbox.profile')} <Icon name="external" size={13} />
        </a>
      )}
      {conv.linkedConversationId && (
        <p className="small">
          <a href={href(`/inbox/${conv.linkedConversationId}`)} data-testid="linked-conversation">
            {conv.isPrivate ? t('inbox.linkedPublic') : t('inbox.linkedPrivate')}
          </a>
        </p>
      )}

      <h3 className="side-sub">{t('inbox.history', { n: history.length })}</h3>
      {history.length === 0 ? (
        <p className="muted small">{t('inbox.historyNone')}</p>
      ) : (
        <ul className="history">
          {history.map((h) => (
            <li key={h.id}>
              <a href={href(`/inbox/${h.id}`)}>
                <span className="history-line">
                  <ChannelMark type={h.channel} size="sm" />
                  {h.subject ? (
                    <span className="history-subject" translate="no">
                      {h.subject}
                    </span>
                  ) : (
                    <span className="history-subject">{t('inbox.noText')}</span>
                  )}
                </span>
                <span className="history-meta small">
                  <StatusBadge status={h.status} />
                  <span className="muted">{time.relative(h.lastMessageAt)}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
