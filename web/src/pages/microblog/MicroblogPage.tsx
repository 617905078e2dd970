import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { Compose } from './Compose.js';
import { GroupsPanel } from './GroupsPanel.js';
import { RankingPanel } from './RankingPanel.js';
import { microblogApi } from './microblogApi.js';
import { Moderation } from './Moderation.js';
import { type MbNav, MbNavContext } from './nav.js';
import { Posts } from './Posts.js';
import { Profile } from './Profile.js';
import { TagPage } from './TagPage.js';
import { Thread } from './Thread.js';
import './microblog.css';

type TabKind = 'home' | 'local' | 'bookmarks' | 'groups' | 'ranking' | 'moderation';
type View = { kind: TabKind } | { kind: 'tag'; tag: string } | { kind: 'search'; q: string } | { kind: 'thread'; id: string } | { kind: 'person'; id: string };

/** The internal microblog: timelines, compose (screened), threads, profiles, tag pages, bookmarks, search, moderation. */
export function MicroblogPage() {
  const { t } = useI18n();
  const { workspace, can } = useWorkspace();
  const [view, setView] = useState<View>({ kind: 'home' });
  const [back, setBack] = useState<View[]>([]);
  const [q, setQ] = useState('');
  const [stamp, setStamp] = useState(0);
  const me = useLoad(() => microblogApi.me(workspace.id), [workspace.id]);
  const go = (next: View) => {
    setBack((b) => [...b.slice(-19), view]);
    setView(next);
  };
  const nav: MbNav = { tag: (tag) => go({ kind: 'tag', tag }), thread: (id) => go({ kind: 'thread', id }), person: (id) => go({ kind: 'person', id }), me: me.data?.person ?? null };
  const tabs: Array<[TabKind, string]> = [
    ['home', t('mb.tab.home')],
    ['local', t('mb.tab.local')],
    ['bookmarks', t('mb.tab.bookmarks')],
    ['groups', t('mb.tab.groups')],
    ['ranking', t('mb.tab.ranking')],
    ...(can('microblog.moderate') ? ([['moderation', t('mb.tab.moderation')]] as Array<[TabKind, string]>) : []),
  ];
  const tab = (k: TabKind) => (setBack([]), setView({ kind: k }));
  return (
    <MbNavContext.Provider value={nav}>
      <section className="page mb-page">
        <h1>{t('nav.microblog')}</h1>
        <Compose onPosted={() => setStamp((s) => s + 1)} />
        <div className="mb-bar">
          <div role="tablist" className="mb-tabs">
            {tabs.map(([k, label]) => (
              <button key={k} type="button" role="tab" aria-selected={view.kind === k} className="btn btn-ghost btn-small" onClick={() => tab(k)}>
                {label}
              </button>
            ))}
            {me.data && (
              <button type="button" className="btn btn-ghost btn-small" aria-pressed={view.kind === 'person' && view.id === me.data.person.id} onClick={() => nav.person(me.data!.person.id)}>
                {t('mb.tab.me')}
              </button>
            )}
          </div>
          <form
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              if (q.trim()) go({ kind: 'search', q: q.trim() });
            }}
          >
            <label htmlFor="mb-search" className="visually-hidden">
              {t('mb.search')}
            </label>
            <input id="mb-search" type="search" value={q} placeholder={t('mb.search')} onChange={(e) => setQ(e.target.value)} />
          </form>
        </div>
        {back.length > 0 && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => (setView(back[back.length - 1]!), setBack(back.slice(0, -1)))}>
            {t('mb.back')}
          </button>
        )}
        {(view.kind === 'home' || view.kind === 'local' || view.kind === 'bookmarks') && (
          <Posts key={view.kind} load={() => microblogApi.timeline(workspace.id, view.kind as 'home')} deps={[workspace.id, view.kind, stamp]} label={tabs.find(([k]) => k === view.kind)?.[1]} />
        )}
        {view.kind === 'tag' && <TagPage key={view.tag} tag={view.tag} />}
        {view.kind === 'search' && <Posts load={() => microblogApi.search(workspace.id, view.q)} deps={[workspace.id, view.q]} />}
        {view.kind === 'thread' && <Thread key={view.id} postId={view.id} />}
        {view.kind === 'person' && <Profile key={view.id} personId={view.id} />}
        {view.kind === 'moderation' && <Moderation />}
        {view.kind === 'groups' && <GroupsPanel onTag={nav.tag} />}
        {view.kind === 'ranking' && <RankingPanel />}
      </section>
    </MbNavContext.Provider>
  );
}
