import { useEffect, useState, type ReactNode } from 'react';
import { CorrectedMark, CorrectionMenu } from '../corrections/CorrectionMenu.js';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { useWorkspace } from '../../workspace.js';
import { explainTitle, readAnalysis, safeUrl } from '../listening/analysis.js';
import type { Person } from './directory.js';
import type { Reply, ThreadEntry } from './inboxApi.js';

type ItemEntry = Extract<ThreadEntry, { type: 'item' }>;
type NoteEntry = Extract<ThreadEntry, { type: 'note' }>;

const SENTIMENT_CLASS: Record<string, string> = { positive: 'badge-ok', negative: 'badge-danger', neutral: 'badge-muted' };
const RISKY_INTENTS = new Set(['complaint', 'fraud', 'churn']);

/** The whole conversation in time order: the customer's messages, the bank's replies, internal notes. */
export function Thread(props: { entries: ThreadEntry[]; people: Map<string, Person>; onRetry(reply: Reply): void; retrying: ReadonlySet<string> }) {
  const { t } = useI18n();
  if (props.entries.length === 0) return <p className="muted">{t('inbox.thread.empty')}</p>;
  return (
    <ol className="thread" aria-label={t('inbox.thread.label')} data-testid="thread">
      {props.entries.map((e) =>
        e.type === 'item' ? (
          <ItemBubble key={`i-${e.id}`} entry={e} />
        ) : e.type === 'reply' ? (
          <ReplyBubble key={`r-${e.reply.id}`} reply={e.reply} author={e.reply.authorUserId ? props.people.get(e.reply.authorUserId)?.name : undefined} retrying={props.retrying.has(e.reply.id)} onRetry={() => props.onRetry(e.reply)} />
        ) : (
          <NoteCard key={`n-${e.id}`} note={e} people={props.people} />
        ),
      )}
    </ol>
  );
}

function When({ at }: { at: string }) {
  const time = useTimeFormat();
  return (
    <time className="muted small" dateTime={at} title={time.absolute(at)}>
      {time.relative(at)}
    </time>
  );
}

function ItemBubble({ entry }: { entry: ItemEntry }) {
  const { t, tMaybe } = useI18n();
  const { can, workspace } = useWorkspace();
  const [original, setOriginal] = useState(false);
  // A person's correction shows at once (the server's answer), until the item itself changes.
  const [corrected, setCorrected] = useState<unknown>();
  useEffect(() => setCorrected(undefined), [entry.analysis]);
  const a = readAnalysis(corrected ?? entry.analysis);
  const because = (terms: string) => t('analysis.because', { terms });
  const outbound = entry.direction === 'outbound';
  const deleted = entry.deletedAt !== null;
  const masked = a.masked !== undefined && a.masked !== entry.text;
  const text = masked && !original ? a.masked : entry.text;
  const url = safeUrl(entry.url);
  const who = entry.author.name || entry.author.handle || t('inbox.customer');
  return (
    <li className={`msg ${outbound ? 'msg-out' : 'msg-in'} ${deleted ? 'is-deleted' : ''}`} data-testid="thread-item" data-item-id={entry.id}>
      <div className="msg-head">
        {outbound ? <strong>{t('inbox.thread.bank')}</strong> : <strong translate="no">{who}</strong>}
        <span className="badge badge-muted">{tMaybe(`kind.${entry.kind}`) ?? entry.kind}</span>
        {entry.isPrivate && <PrivateBadge />}
        <When at={entry.at} />
      </div>
      <p className="msg-text" translate="no">
        {text || <span className="muted">{t('inbox.noText')}</span>}
      </p>
      <div className="msg-foot">
        {a.sentiment && (
          <span className={`badge ${SENTIMENT_CLASS[a.sentiment.label] ?? ''}`} data-testid="sentiment-badge" title={explainTitle(because, a.sentiment.probability, a.sentiment.because)}>
            {tMaybe(`sentiment.${a.sentiment.label}`) ?? a.sentiment.label}
          </span>
        )}
        <CorrectedMark mark={a.corrected.sentiment} />
        {a.intents.map((i) => (
          <span key={i} className={`chip ${RISKY_INTENTS.has(i) ? 'chip-warn' : ''}`} title={explainTitle(because, undefined, a.intentBecause[i] ?? [])}>
            {tMaybe(`intent.${i}`) ?? i}
          </span>
        ))}
        <CorrectedMark mark={a.corrected.intents ?? a.corrected.complaint} />
        {a.abuse && <span className="badge badge-danger">{tMaybe(`abuse.${a.abuse}`) ?? a.abuse}</span>}
        <CorrectedMark mark={a.corrected.abuse} />
        {!outbound && can('analysis.correct') && <CorrectionMenu workspaceId={workspace.id} itemId={entry.id} view={a} onCorrected={setCorrected} />}
        {a.pii.length > 0 && (
          <span className="pii-warning" role="note">
            <Icon name="warning" size={14} />
            {t('inbox.thread.pii', { types: a.pii.map((p) => tMaybe(`pii.${p}`) ?? p).join(', ') })}
          </span>
        )}
        {masked && can('pii.read') && (
          <button type="button" className="btn btn-small btn-ghost" aria-pressed={original} onClick={() => setOriginal((o) => !o)}>
            {original ? t('inbox.thread.showMasked') : t('inbox.thread.showOriginal')}
          </button>
        )}
        {deleted && <span className="badge badge-danger">{t('inbox.thread.deleted')}</span>}
        {entry.editedAt && !deleted && <span className="badge badge-muted">{t('inbox.thread.edited')}</span>}
        {url && (
          <a href={url} target="_blank" rel="noopener noreferrer" className="msg-link small">
            {t('inbox.thread.original')}
            <Icon name="external" size={13} />
          </a>
        )}
      </div>
    </li>
  );
}

function PrivateBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge-private">
      <Icon name="lock" size={12} />
      {t('inbox.private')}
    </span>
  );
}

function ReplyBubble({ reply, author, retrying, onRetry }: { reply: Reply; author: string | undefined; retrying: boolean; onRetry(): void }) {
  const { t, tMaybe } = useI18n();
  const { can } = useWorkspace();
  const url = safeUrl(reply.url);
  let status: ReactNode;
  if (reply.status === 'sent') {
    status = (
      <span className="reply-status is-sent" data-testid="reply-status" data-status="sent">
        <Icon name="verified" size={14} />
        {t('inbox.reply.sent')}
        {reply.sentAt && <When at={reply.sentAt} />}
      </span>
    );
  } else if (reply.status === 'failed') {
    status = (
      <span className="reply-status is-failed" data-testid="reply-status" data-status="failed" role="alert">
        <Icon name="warning" size={14} />
        {t('inbox.reply.failed')}
      </span>
    );
  } else {
    status = (
      <span className="reply-status is-sending" data-testid="reply-status" data-status="sending" role="status">
        <span className="spinner" aria-hidden="true" />
        {reply.attempts > 0 && reply.error ? t('inbox.reply.retrying', { n: reply.attempts }) : t('inbox.reply.sending')}
      </span>
    );
  }
  return (
    <li className={`msg msg-out msg-reply is-${reply.status}`} data-testid="thread-reply" data-reply-id={reply.id}>
      <div className="msg-head">
        <strong>{author ?? t('inbox.reply.agent')}</strong>
        {reply.isPrivate ? <PrivateBadge /> : <span className="badge badge-info">{t('inbox.public')}</span>}
        <When at={reply.createdAt} />
      </div>
      <p className="msg-text" translate="no">
        {reply.text}
      </p>
      <div className="msg-foot">
        {status}
        {url && (
          <a href={url} target="_blank" rel="noopener noreferrer" className="msg-link small">
            {t('inbox.thread.original')}
            <Icon name="external" size={13} />
          </a>
        )}
      </div>
      {reply.status === 'failed' && (
        <div className="reply-error">
          <p className="small">
            {t('inbox.reply.reason')}: {(reply.errorCode && tMaybe(`replyError.${reply.errorCode}`)) || t('inbox.reply.noReason')}
          </p>
          {/* The channel's own words, as it sent them (often English): quoted, not translated. */}
          {reply.error && (
            <p className="small muted">
              {t('inbox.reply.channelSaid')} <q translate="no">{reply.error}</q>
            </p>
          )}
          {can('inbox.reply') && (
            <button type="button" className="btn btn-small" disabled={retrying} onClick={onRetry}>
              <Icon name="refresh" size={14} />
              {t('inbox.reply.retry')}
            </button>
          )}
        </div>
      )}
      {reply.status === 'sending' && reply.error && <p className="small muted">{t('inbox.reply.lastError', { error: (reply.errorCode && tMaybe(`replyError.${reply.errorCode}`)) || t('inbox.reply.noReason') })}</p>}
    </li>
  );
}

function NoteCard({ note, people }: { note: NoteEntry; people: Map<string, Person> }) {
  const { t } = useI18n();
  const mentioned = note.mentions.map((id) => people.get(id)?.name).filter((n): n is string => !!n);
  return (
    <li className="note" data-testid="thread-note">
      <div className="msg-head">
        <span className="note-label">{t('inbox.note.label')}</span>
        <strong>{note.author.name ?? (note.author.id ? people.get(note.author.id)?.name : undefined) ?? t('inbox.someone')}</strong>
        <When at={note.at} />
      </div>
      <p className="msg-text" translate="no">
        {highlightMentions(note.text)}
      </p>
      {mentioned.length > 0 && <p className="small muted">{t('inbox.note.notified', { names: mentioned.join(', ') })}</p>}
    </li>
  );
}

function highlightMentions(text: string): ReactNode[] {
  return text.split(/(@[\w.+-]+(?:@[\w.-]+\.\w+)?)/g).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="mention">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}
