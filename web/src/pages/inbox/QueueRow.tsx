import { forwardRef } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { ChannelMark } from '../../components/ChannelMark.js';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useTimeFormat } from '../../time.js';
import type { Conversation } from './inboxApi.js';
import { atHandle, customerName, CustomerBadges, PriorityBadge, StatusBadge, VIP_TAG } from './people.js';
import { QueueSla } from './SlaClock.js';

export interface QueueRowProps {
  conv: Conversation;
  active: boolean;
  checked: boolean;
  fresh: boolean;
  showStatus: boolean;
  now: number;
  channelName?: string;
  onCheck(checked: boolean): void;
  onFocus(): void;
}

/** One conversation in the queue: who, where, what about, how urgent, whose, and when. */
export const QueueRow = forwardRef<HTMLAnchorElement, QueueRowProps>(function QueueRow({ conv, active, checked, fresh, showStatus, now, channelName, onCheck, onFocus }, ref) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  const c = conv.customer;
  const name = customerName(c);
  const handle = atHandle(c.handle);
  const channel = channelLabel(tMaybe, conv.channel, channelName);
  return (
    <li className={`q-row ${active ? 'is-active' : ''} ${checked ? 'is-checked' : ''} ${fresh ? 'is-new' : ''}`} data-testid="queue-row" data-conversation-id={conv.id}>
      <label className="q-check">
        <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} />
        <span className="visually-hidden">{t('inbox.select', { name })}</span>
      </label>
      <a ref={ref} className="q-main" href={href(`/inbox/${conv.id}`)} onFocus={onFocus} aria-current={active ? 'true' : undefined}>
        <span className="q-line1">
          <ChannelMark type={conv.channel} size="sm" />
          <span className="q-who">
            <strong className="q-name" translate="no">
              {name}
            </strong>
            <CustomerBadges customer={c} tags={conv.tags} />
            {handle && handle !== `@${name}` && (
              <span className="muted q-handle" translate="no">
                {handle}
              </span>
            )}
          </span>
          <time className="q-time muted small" dateTime={conv.lastMessageAt} title={time.absolute(conv.lastMessageAt)}>
            {time.relative(conv.lastMessageAt, now)}
          </time>
        </span>
        <span className="q-subject">
          {conv.isPrivate && (
            <span className="q-lock" role="img" aria-label={t('inbox.private')} title={t('inbox.private')}>
              <Icon name="lock" size={13} />
            </span>
          )}
          {conv.subject ? <span translate="no">{conv.subject}</span> : <span className="muted">{t('inbox.noText')}</span>}
        </span>
        <span className="q-line3">
          <span className="q-meta small">
            <span className="muted">{channel}</span>
            {c.followers !== null && <span className="muted">{t('inbox.followers', { n: time.compact(c.followers) })}</span>}
            {conv.messageCount > 1 && <span className="muted">{t('inbox.messages', { n: conv.messageCount })}</span>}
            <span className={conv.assignee ? 'q-assignee' : 'q-assignee muted'}>{conv.assignee ? (conv.assignee.name ?? t('inbox.someone')) : t('inbox.unassigned')}</span>
            {conv.team && <span className="muted">{conv.team.name}</span>}
          </span>
          <span className="q-tags">
            {fresh && <span className="badge badge-new">{t('inbox.new')}</span>}
            {showStatus && <StatusBadge status={conv.status} />}
            <PriorityBadge priority={conv.priority} quiet />
            {conv.tags
              .filter((tag) => tag !== VIP_TAG)
              .slice(0, 3)
              .map((tag) => (
                <span key={tag} className="chip">
                  #{tag}
                </span>
              ))}
            {conv.status === 'snoozed' && conv.snoozedUntil && <span className="badge badge-muted">{t('inbox.snoozedUntil', { when: time.relative(conv.snoozedUntil, now) })}</span>}
            <QueueSla conv={conv} now={now} />
          </span>
        </span>
      </a>
    </li>
  );
});
