import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { ProposeCanned } from './ProposeCanned.js';
import { ReportButton } from './ReportButton.js';
import { microblogApi, type PostView } from './microblogApi.js';

/** Text with #tags as buttons (Korean tags too). */
function PostText({ text, onTag }: { text: string; onTag: (tag: string) => void }) {
  const parts = text.split(/((?:^|(?<=\s))#[\p{L}\p{N}_]+)/u);
  return (
    <p className="mb-text" translate="no" data-testid="mb-text">
      {parts.map((p, i) =>
        p.startsWith('#') ? (
          <button key={i} type="button" className="mb-tag" onClick={() => onTag(p.slice(1).toLowerCase())}>
            {p}
          </button>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </p>
  );
}

export function PostCard({ post, onTag, onChanged }: { post: PostView; onTag: (tag: string) => void; onChanged: () => void }) {
  const { t, tMaybe, formatDateTime, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const p = post;
  const [error, setError] = useState<string | null>(null);
  const shown = p.reblog ?? p;
  const act = (action: 'favourite' | 'boost' | 'bookmark', on: boolean) =>
    microblogApi
      .react(workspace.id, shown.id, action, on)
      .then(() => onChanged())
      .catch((e) => setError(errorText(e)));
  const vote = (i: number) =>
    shown.poll &&
    microblogApi
      .vote(workspace.id, shown.poll.id, [i])
      .then(() => onChanged())
      .catch((e) => setError(errorText(e)));
  return (
    <article data-testid="mb-post" data-state={shown.state} className="card mb-post" aria-label={t('mb.postBy', { name: shown.author.displayName })}>
      {p.reblog && <p className="muted small">{t('mb.boostedBy', { name: p.author.displayName })}</p>}
      <header className="mb-head">
        <strong translate="no">{shown.author.displayName}</strong>
        <span className="muted small" translate="no">
          {[shown.author.title, shown.author.department].filter(Boolean).join(' · ')}
          {shown.author.extension ? ` · ☎ ${shown.author.extension}` : ''}
        </span>
        <time className="muted small" dateTime={shown.createdAt}>
          {formatDateTime(shown.createdAt)}
          {shown.editedAt ? ` · ${t('mb.edited')}` : ''}
        </time>
        {shown.group && (
          <span className="mb-badge" translate="no">
            {t('mb.groups.inGroup', { name: shown.group.name })}
          </span>
        )}
      </header>
      {shown.state === 'held' && (
        <div className="alert alert-error" role="alert">
          <strong>{t('mb.held')}</strong>
          <ul className="plain-list small">
            {shown.holdReasons.map((r, i) => (
              <li key={i}>{t(`mb.reason.${r.type}`, { kind: tMaybe(`mb.kind.${r.kind}`) ?? r.kind })}</li>
            ))}
          </ul>
        </div>
      )}
      <PostText text={shown.text} onTag={onTag} />
      {shown.media.length > 0 && (
        <ul className="plain-list mb-media" data-testid="mb-media">
          {shown.media.map((m) => (
            <li key={m.id}>
              {m.type === 'image' ? (
                <img src={m.url} alt={m.description || t('mb.media.image')} loading="lazy" />
              ) : (
                <a href={m.url} download={m.fileName} translate="no">
                  {m.fileName}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {shown.poll && (
        <ul className="plain-list mb-poll">
          {shown.poll.options.map((o, i) => (
            <li key={i}>
              {shown.poll!.voted || shown.poll!.expired ? (
                <span>
                  {o.title} — {t('mb.votes', { n: o.votesCount })}
                </span>
              ) : (
                <button type="button" className="btn btn-small" onClick={() => void vote(i)}>
                  {o.title}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {shown.state === 'visible' && (
        <footer className="mb-actions">
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={shown.favourited} onClick={() => void act('favourite', !shown.favourited)}>
            {t('mb.favourite')} {shown.favouritesCount}
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={shown.reblogged} onClick={() => void act('boost', !shown.reblogged)}>
            {t('mb.boost')} {shown.reblogsCount}
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={shown.bookmarked} onClick={() => void act('bookmark', !shown.bookmarked)}>
            {t('mb.bookmark')}
          </button>
          <span className="muted small">{t('mb.replies', { n: shown.repliesCount })}</span>
          <ProposeCanned postId={shown.id} />
          <ReportButton postId={shown.id} />
        </footer>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
