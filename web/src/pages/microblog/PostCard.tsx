import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { Compose } from './Compose.js';
import { HoldReasons } from './HoldReasons.js';
import { microblogApi, type PollView, type PostView } from './microblogApi.js';
import { useMbNav } from './nav.js';
import { PollBox } from './Poll.js';
import { EditBox, History } from './PostEdit.js';
import { MediaList, PostText } from './PostParts.js';
import { ProposeCanned } from './ProposeCanned.js';
import { ReportButton } from './ReportButton.js';

export { PostText } from './PostParts.js';

/** A post: author (to their profile), text with tags, images and files, poll, reactions, reply, edit and history. */
export function PostCard({ post, onTag, onChanged, extra, focused }: { post: PostView; onTag?: (tag: string) => void; onChanged: () => void; extra?: ReactNode; focused?: boolean }) {
  const { t, formatDateTime, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const nav = useMbNav();
  const p = post;
  const shown = p.reblog ?? p;
  const [error, setError] = useState<string | null>(null);
  const [poll, setPoll] = useState<PollView | null>(shown.poll);
  const [open, setOpen] = useState<'reply' | 'edit' | 'history' | null>(null);
  const mine = nav.me !== null && nav.me.id === shown.author.id;
  const toggle = (what: 'reply' | 'edit' | 'history') => setOpen(open === what ? null : what);
  const act = (action: 'favourite' | 'boost' | 'bookmark', on: boolean) =>
    microblogApi
      .react(workspace.id, shown.id, action, on)
      .then(() => onChanged())
      .catch((e) => setError(errorText(e)));
  const remove = () =>
    window.confirm(t('mb.delete.confirm')) &&
    microblogApi
      .remove(workspace.id, shown.id)
      .then(() => onChanged())
      .catch((e) => setError(errorText(e)));
  return (
    <article data-testid="mb-post" data-state={shown.state} data-id={shown.id} className={focused ? 'card mb-post mb-focused' : 'card mb-post'} aria-label={t('mb.postBy', { name: shown.author.displayName })}>
      {p.reblog && <p className="muted small">{t('mb.boostedBy', { name: p.author.displayName })}</p>}
      <header className="mb-head">
        {shown.author.photo && <img className="mb-avatar" src={shown.author.photo} alt="" />}
        <button type="button" className="mb-name" translate="no" onClick={() => nav.person(shown.author.id)}>
          {shown.author.displayName}
        </button>
        <span className="muted small" translate="no">
          {[shown.author.title, shown.author.department].filter(Boolean).join(' · ')}
          {shown.author.extension ? ` · ☎ ${shown.author.extension}` : ''}
        </span>
        <time className="muted small" dateTime={shown.createdAt}>
          {formatDateTime(shown.createdAt)}
        </time>
        {shown.editedAt && (
          <button type="button" className="btn btn-ghost btn-small" aria-expanded={open === 'history'} onClick={() => toggle('history')}>
            {t('mb.edited')}
          </button>
        )}
        {shown.group && (
          <span className="mb-badge" translate="no">
            {t('mb.groups.inGroup', { name: shown.group.name })}
          </span>
        )}
      </header>
      {shown.replyToId && (
        <button type="button" className="btn btn-ghost btn-small mb-in-reply" onClick={() => nav.thread(shown.replyToId!)}>
          {t('mb.inReply')}
        </button>
      )}
      {shown.state === 'held' && <HoldReasons title={t('mb.held')} reasons={shown.holdReasons} />}
      {open === 'edit' ? <EditBox post={shown} onCancel={() => setOpen(null)} onDone={() => (setOpen(null), onChanged())} /> : <PostText text={shown.text} onTag={onTag ?? nav.tag} />}
      {open === 'history' && <History postId={shown.id} />}
      <MediaList media={shown.media} />
      {poll && <PollBox poll={poll} canVote={shown.state === 'visible'} onVoted={setPoll} />}
      {shown.state === 'visible' && (
        <footer className="mb-actions">
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={shown.favourited} onClick={() => void act('favourite', !shown.favourited)}>
            {t('mb.favourite')} {shown.favouritesCount}
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={shown.reblogged} onClick={() => void act('boost', !shown.reblogged)}>
            {t('mb.boost')} {shown.reblogsCount}
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={shown.bookmarked} onClick={() => void act('bookmark', !shown.bookmarked)}>
            {shown.bookmarked ? t('mb.bookmarked') : t('mb.bookmark')}
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-expanded={open === 'reply'} onClick={() => toggle('reply')}>
            {t('mb.reply.open')}
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => nav.thread(shown.id)}>
            {t('mb.replies', { n: shown.repliesCount })}
          </button>
          {mine && !p.reblog && (
            <button type="button" className="btn btn-ghost btn-small" aria-expanded={open === 'edit'} onClick={() => toggle('edit')}>
              {t('mb.edit.open')}
            </button>
          )}
          {mine && !p.reblog && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => void remove()}>
              {t('mb.delete')}
            </button>
          )}
          <ProposeCanned postId={shown.id} />
          {extra}
          <ReportButton postId={shown.id} />
        </footer>
      )}
      {open === 'reply' && <Compose replyTo={shown} onCancel={() => setOpen(null)} onPosted={(r) => r.state === 'visible' && (setOpen(null), onChanged())} />}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
