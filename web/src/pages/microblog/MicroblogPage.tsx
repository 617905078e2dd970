import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi, type PostView } from './microblogApi.js';
import { PostCard } from './PostCard.js';
import { GroupsPanel } from './GroupsPanel.js';
import { RankingPanel } from './RankingPanel.js';
import { ReportsQueue } from './ReportsQueue.js';
import './microblog.css';

type Tab = { kind: 'home' } | { kind: 'local' } | { kind: 'tag'; tag: string } | { kind: 'search'; q: string } | { kind: 'moderation' } | { kind: 'groups' } | { kind: 'ranking' };

function Compose({ onPosted }: { onPosted: () => void }) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [held, setHeld] = useState<PostView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = held ? await microblogApi.edit(workspace.id, held.id, text) : await microblogApi.post(workspace.id, text);
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
      <label htmlFor="mb-compose-text" className="visually-hidden">
        {t('mb.compose')}
      </label>
      <textarea id="mb-compose-text" rows={3} maxLength={5000} value={text} placeholder={t('mb.placeholder')} onChange={(e) => setText(e.target.value)} />
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
          {held ? t('mb.fix') : t('mb.submit')}
        </button>
      </div>
    </form>
  );
}

function Posts({ load, onTag, deps }: { load: () => Promise<{ posts: PostView[] }>; onTag: (tag: string) => void; deps: unknown[] }) {
  const { t } = useI18n();
  const state = useLoad(load, deps as never);
  if (state.error) return <p className="alert alert-error">{t('mb.loadFailed')}</p>;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  if (state.data.posts.length === 0) return <p className="empty">{t('mb.empty')}</p>;
  return (
    <div className="mb-list">
      {state.data.posts.map((p) => (
        <PostCard key={`${p.id}:${p.favouritesCount}:${p.reblogsCount}:${p.favourited}:${p.reblogged}:${p.bookmarked}:${p.poll?.votesCount ?? 0}`} post={p} onTag={onTag} onChanged={state.reload} />
      ))}
    </div>
  );
}

function TagView({ tag, onTag }: { tag: string; onTag: (tag: string) => void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const page = useLoad(() => microblogApi.tag(workspace.id, tag), [workspace.id, tag]);
  const d = page.data;
  return (
    <section aria-label={`#${tag}`}>
      <div className="card">
        <h2>#{tag}</h2>
        {d && (
          <>
            <p className="muted">{t('mb.tagStats', { posts: d.tag.postsCount, people: d.tag.peopleCount })}</p>
            <button type="button" className="btn btn-small" onClick={() => void microblogApi.followTag(workspace.id, tag, !d.tag.following).then(page.reload)}>
              {d.tag.following ? t('mb.unfollowTag') : t('mb.followTag')}
            </button>
            <h3>{t('mb.contributors')}</h3>
            <ul className="plain-list">
              {d.contributors.map((c) => (
                <li key={c.person.id}>
                  {c.person.displayName} <span className="muted small">{c.person.department}</span> — {t('mb.postsN', { n: c.posts })}
                </li>
              ))}
            </ul>
            {d.related.length > 0 && (
              <>
                <h3>{t('mb.related')}</h3>
                <p>
                  {d.related.map((r) => (
                    <button key={r.name} type="button" className="mb-tag" onClick={() => onTag(r.name)}>
                      #{r.name}
                    </button>
                  ))}
                </p>
              </>
            )}
            <h3>{t('mb.best')}</h3>
            {d.best.map((p) => (
              <PostCard key={`best-${p.id}`} post={p} onTag={onTag} onChanged={page.reload} />
            ))}
          </>
        )}
      </div>
      <h3>{t('mb.latest')}</h3>
      <Posts load={() => microblogApi.tagPosts(workspace.id, tag)} onTag={onTag} deps={[workspace.id, tag]} />
    </section>
  );
}

function Moderation() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const queue = useLoad(() => microblogApi.queue(workspace.id), [workspace.id]);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) => p.then(queue.reload).catch((e) => setError(errorText(e)));
  if (!queue.data) return <p role="status">{t('common.loading')}</p>;
  return (
    <section aria-label={t('mb.tab.moderation')}>
      {error && <p className="alert alert-error">{error}</p>}
      {queue.data.posts.length === 0 && <p className="empty">{t('mb.queueEmpty')}</p>}
      {queue.data.posts.map((p) => (
        <div key={p.id} className="mb-held-item">
          <PostCard post={p} onTag={() => undefined} onChanged={queue.reload} />
          <div className="form-actions">
            <button type="button" className="btn btn-small" onClick={() => void act(microblogApi.release(workspace.id, p.id, ''))}>
              {t('mb.release')}
            </button>
            <button type="button" className="btn btn-danger btn-small" onClick={() => void act(microblogApi.reject(workspace.id, p.id, ''))}>
              {t('mb.reject')}
            </button>
          </div>
        </div>
      ))}
      <ReportsQueue />
    </section>
  );
}

/** The internal microblog: home and company timelines, compose (screened), tag pages, search, moderation. */
export function MicroblogPage() {
  const { t } = useI18n();
  const { workspace, can } = useWorkspace();
  const [tab, setTab] = useState<Tab>({ kind: 'home' });
  const [q, setQ] = useState('');
  const [stamp, setStamp] = useState(0);
  const onTag = (tag: string) => setTab({ kind: 'tag', tag });
  const tabs: Array<[Tab['kind'], string]> = [
    ['home', t('mb.tab.home')],
    ['local', t('mb.tab.local')],
    ['groups', t('mb.tab.groups')],
    ['ranking', t('mb.tab.ranking')],
    ...(can('microblog.moderate') ? ([['moderation', t('mb.tab.moderation')]] as Array<[Tab['kind'], string]>) : []),
  ];
  return (
    <section className="page mb-page">
      <h1>{t('nav.microblog')}</h1>
      <Compose onPosted={() => setStamp((s) => s + 1)} />
      <div className="mb-bar">
        <div role="tablist" className="mb-tabs">
          {tabs.map(([k, label]) => (
            <button key={k} type="button" role="tab" aria-selected={tab.kind === k} className="btn btn-ghost btn-small" onClick={() => setTab({ kind: k } as Tab)}>
              {label}
            </button>
          ))}
        </div>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (q.trim()) setTab({ kind: 'search', q: q.trim() });
          }}
        >
          <label htmlFor="mb-search" className="visually-hidden">
            {t('mb.search')}
          </label>
          <input id="mb-search" type="search" value={q} placeholder={t('mb.search')} onChange={(e) => setQ(e.target.value)} />
        </form>
      </div>
      {tab.kind === 'home' && <Posts load={() => microblogApi.timeline(workspace.id, 'home')} onTag={onTag} deps={[workspace.id, 'home', stamp]} />}
      {tab.kind === 'local' && <Posts load={() => microblogApi.timeline(workspace.id, 'local')} onTag={onTag} deps={[workspace.id, 'local', stamp]} />}
      {tab.kind === 'tag' && <TagView tag={tab.tag} onTag={onTag} />}
      {tab.kind === 'search' && <Posts load={() => microblogApi.search(workspace.id, tab.q)} onTag={onTag} deps={[workspace.id, tab.q]} />}
      {tab.kind === 'moderation' && <Moderation />}
      {tab.kind === 'groups' && <GroupsPanel onTag={onTag} />}
      {tab.kind === 'ranking' && <RankingPanel />}
    </section>
  );
}
