import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { GroupMembers } from './GroupMembers.js';
import { groupsApi, type GroupView } from './groupsApi.js';
import type { PostView } from './microblogApi.js';
import { PostCard } from './PostCard.js';

function GroupCompose({ group, onPosted }: { group: GroupView; onPosted: () => void }) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [text, setText] = useState('');
  const [held, setHeld] = useState<PostView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await groupsApi.post(workspace.id, group.id, text);
      setHeld(r.held ? r.post : null);
      if (!r.held) setText('');
      onPosted();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card mb-compose" onSubmit={(e) => void submit(e)}>
      <label htmlFor="mb-group-compose" className="visually-hidden">
        {t('mb.groups.composePlaceholder')}
      </label>
      <textarea id="mb-group-compose" rows={3} maxLength={5000} value={text} placeholder={t('mb.groups.composePlaceholder')} onChange={(e) => setText(e.target.value)} />
      {held && (
        <div className="alert alert-error" role="alert" data-testid="mb-held">
          <strong>{t('mb.heldYours')}</strong>
          <ul className="plain-list small">
            {held.holdReasons.map((r, i) => (
              <li key={i}>{t(`mb.reason.${r.type}`, { kind: tMaybe(`mb.kind.${r.kind}`) ?? r.kind })}</li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !text.trim()}>
          {t('mb.submit')}
        </button>
      </div>
    </form>
  );
}

function GroupPosts({ group, stamp, onTag }: { group: GroupView; stamp: number; onTag: (tag: string) => void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const posts = useLoad(() => groupsApi.posts(workspace.id, group.id), [workspace.id, group.id, stamp]);
  if (posts.error) return <p className="alert alert-error">{t('mb.loadFailed')}</p>;
  if (!posts.data) return <p role="status">{t('common.loading')}</p>;
  if (posts.data.posts.length === 0) return <p className="empty">{t('mb.empty')}</p>;
  return (
    <div className="mb-list">
      {posts.data.posts.map((p) => (
        <PostCard key={`${p.id}:${p.favouritesCount}:${p.favourited}:${p.bookmarked}`} post={p} onTag={onTag} onChanged={posts.reload} />
      ))}
    </div>
  );
}

/** A group: its timeline and compose box (members), members, requests (admins), join, leave, delete. */
export function GroupPage({ groupId, onBack, onTag }: { groupId: string; onBack: () => void; onTag: (tag: string) => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const loaded = useLoad(() => groupsApi.get(workspace.id, groupId), [workspace.id, groupId]);
  const [stamp, setStamp] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const act = (p: Promise<unknown>, after: () => void = loaded.reload) => p.then(after).catch((e) => setError(errorText(e)));
  const g = loaded.data?.group;
  if (loaded.error) return <p className="alert alert-error">{errorText(loaded.error)}</p>;
  if (!g) return <p role="status">{t('common.loading')}</p>;
  const reads = !g.closed || g.role !== null;
  return (
    <section aria-label={g.name} className="mb-group-page">
      <button type="button" className="btn btn-ghost btn-small" onClick={onBack}>
        {t('mb.groups.back')}
      </button>
      <div className="card">
        <h2 translate="no">{g.name}</h2>
        <p>
          <span className={`mb-badge ${g.closed ? 'mb-badge-closed' : ''}`}>{g.closed ? t('mb.groups.closed') : t('mb.groups.open')}</span> <span className="muted small">{t('mb.groups.members', { n: g.membersCount })}</span>{' '}
          {g.role && <span className="muted small">{g.role === 'admin' ? t('mb.groups.admin') : t('mb.groups.member')}</span>}
        </p>
        {g.description && (
          <p className="mb-group-description" translate="no">
            {g.description}
          </p>
        )}
        <div className="form-actions">
          {!g.role && !g.requested && (
            <button type="button" className="btn btn-primary btn-small" onClick={() => void act(groupsApi.join(workspace.id, g.id))}>
              {g.closed ? t('mb.groups.request') : t('mb.groups.join')}
            </button>
          )}
          {!g.role && g.requested && <span className="muted">{t('mb.groups.requested')}</span>}
          {(g.role || g.requested) && (
            <button type="button" className="btn btn-small" onClick={() => void act(groupsApi.leave(workspace.id, g.id))}>
              {g.role ? t('mb.groups.leave') : t('mb.groups.withdraw')}
            </button>
          )}
          {g.role === 'admin' &&
            (confirmDelete ? (
              <span role="alert">
                {t('mb.groups.deleteConfirm')}{' '}
                <button type="button" className="btn btn-danger btn-small" onClick={() => void act(groupsApi.remove(workspace.id, g.id), onBack)}>
                  {t('mb.groups.delete')}
                </button>
              </span>
            ) : (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmDelete(true)}>
                {t('mb.groups.delete')}
              </button>
            ))}
        </div>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!reads && <p className="empty">{t('mb.groups.membersOnly')}</p>}
      {g.role && <GroupCompose group={g} onPosted={() => setStamp((s) => s + 1)} />}
      {reads && (
        <>
          <h3>{t('mb.groups.timeline')}</h3>
          <GroupPosts group={g} stamp={stamp} onTag={onTag} />
          <GroupMembers group={g} onChanged={loaded.reload} />
        </>
      )}
    </section>
  );
}
