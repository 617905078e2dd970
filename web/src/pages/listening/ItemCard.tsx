import { ChannelMark } from '../../components/ChannelMark.js';
import { Highlighted } from '../../components/Highlighted.js';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import type { Item } from '../../listeningApi.js';
import { useTimeFormat } from '../../time.js';
import { useEffect, useState } from 'react';
import { useWorkspace } from '../../workspace.js';
import { CorrectedMark, CorrectionMenu } from '../corrections/CorrectionMenu.js';
import { explainTitle, readAnalysis, safeUrl } from './analysis.js';
import { atHandle } from '../../handle.js';

export interface ItemCardProps {
  item: Item;
  channelName: string;
  accountName?: string;
  /** Arrived live since the page opened: highlighted for a moment. */
  fresh: boolean;
  now: number;
  /** Search terms to mark in the title and text. */
  highlight?: readonly string[];
}

const SENTIMENT_CLASS: Record<string, string> = { positive: 'badge-ok', negative: 'badge-danger', neutral: 'badge-muted' };

export function ItemCard({ item, channelName, accountName, fresh, now, highlight }: ItemCardProps) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  const { workspace, can } = useWorkspace();
  // A person's correction shows at once (the server's answer), until the item itself changes.
  const [corrected, setCorrected] = useState<unknown>();
  useEffect(() => setCorrected(undefined), [item.analysis]);
  const a = readAnalysis(corrected ?? item.analysis);
  const because = (terms: string) => t('analysis.because', { terms });
  const url = safeUrl(item.url);
  const profile = safeUrl(item.author.profileUrl);
  const text = a.masked ?? item.text;
  const kindLabel = tMaybe(`kind.${item.kind}`) ?? item.kind;
  const author = item.author;
  const displayName = author.name || author.handle || author.id;
  const handle = atHandle(author.handle);
  const deleted = item.deletedAt !== null;

  return (
    <article className={`item-card ${fresh ? 'is-new' : ''} ${deleted ? 'is-deleted' : ''}`} aria-labelledby={`item-${item.id}-author`} data-testid="item-card" data-item-id={item.id}>
      <header className="item-head">
        <ChannelMark type={item.channel} />
        <div className="item-who">
          <span className="item-author" id={`item-${item.id}-author`} translate="no">
            {profile ? (
              <a href={profile} target="_blank" rel="noopener noreferrer">
                {displayName}
              </a>
            ) : (
              <strong>{displayName}</strong>
            )}
            {author.verified && (
              <span className="verified" role="img" aria-label={t('listening.verified')} title={t('listening.verified')}>
                <Icon name="verified" size={16} />
              </span>
            )}
            {handle && handle !== `@${displayName}` && <span className="muted item-handle">{handle}</span>}
          </span>
          <span className="item-meta muted small">
            <span>{channelName}</span>
            {accountName && <span>{accountName}</span>}
            {typeof author.followers === 'number' && <span>{t('listening.followers', { n: time.compact(author.followers) })}</span>}
          </span>
        </div>
        <time className="item-time muted small" dateTime={item.createdAt} title={time.absolute(item.createdAt)}>
          {time.relative(item.createdAt, now)}
        </time>
      </header>

      <div className="item-tags">
        <span className="badge">{kindLabel}</span>
        {item.isPrivate && (
          <span className="badge badge-private">
            <Icon name="lock" size={13} />
            {t('listening.private')}
          </span>
        )}
        {item.direction === 'outbound' && <span className="badge badge-info">{t('listening.outbound')}</span>}
        {item.lang && item.lang !== 'und' && <span className="badge badge-muted">{tMaybe(`lang.item.${item.lang}`) ?? item.lang}</span>}
        {fresh && <span className="badge badge-new">{t('listening.new')}</span>}
        {deleted && <span className="badge badge-danger">{t('listening.deleted')}</span>}
        {item.editedAt && !deleted && <span className="badge badge-muted">{t('listening.edited')}</span>}
      </div>

      {item.title && (
        <h3 className="item-title" translate="no">
          {highlight ? <Highlighted text={item.title} terms={highlight} /> : item.title}
        </h3>
      )}
      <p className="item-text" data-testid="item-text" translate="no">
        {text ? highlight ? <Highlighted text={text} terms={highlight} /> : text : <span className="muted">{t('listening.noText')}</span>}
      </p>

      {(a.sentiment || a.intents.length > 0 || a.abuse || a.pii.length > 0 || can('analysis.correct')) && (
        <div className="item-analysis" aria-label={t('listening.analysis')} role="group">
          {a.sentiment && (
            <span className={`badge ${SENTIMENT_CLASS[a.sentiment.label] ?? ''}`} data-testid="sentiment-badge" title={explainTitle(because, a.sentiment.probability, a.sentiment.because)}>
              {t('listening.sentiment')}: {tMaybe(`sentiment.${a.sentiment.label}`) ?? a.sentiment.label}
            </span>
          )}
          <CorrectedMark mark={a.corrected.sentiment} />
          {a.intents.map((i) => (
            <span key={i} className={`chip ${i === 'complaint' || i === 'fraud' || i === 'churn' ? 'chip-warn' : ''}`} title={explainTitle(because, undefined, a.intentBecause[i] ?? [])}>
              {tMaybe(`intent.${i}`) ?? i}
            </span>
          ))}
          <CorrectedMark mark={a.corrected.intents ?? a.corrected.complaint} />
          {a.abuse && <span className="badge badge-danger">{tMaybe(`abuse.${a.abuse}`) ?? a.abuse}</span>}
          <CorrectedMark mark={a.corrected.abuse} />
          {a.adaptation !== undefined && (
            <span className="muted small" data-testid="adaptation-mark">
              {t('correct.adapted', { version: a.adaptation })}
            </span>
          )}
          {can('analysis.correct') && <CorrectionMenu workspaceId={workspace.id} itemId={item.id} view={a} onCorrected={setCorrected} />}
          {a.pii.length > 0 && (
            <span className="pii-warning" role="note">
              <Icon name="warning" size={14} />
              {t('listening.pii', { types: a.pii.map((p) => tMaybe(`pii.${p}`) ?? p).join(', ') })}
              {a.masked && ` ${t('listening.masked')}`}
            </span>
          )}
        </div>
      )}

      <footer className="item-foot small">
        <span className="muted" title={time.absolute(item.receivedAt)}>
          {t('listening.received', { when: time.absolute(item.receivedAt) })}
        </span>
        {url && (
          <a href={url} target="_blank" rel="noopener noreferrer" className="item-link">
            {t('listening.original')}
            <Icon name="external" size={14} />
            <span className="visually-hidden">{t('listening.newWindow')}</span>
          </a>
        )}
      </footer>
    </article>
  );
}
