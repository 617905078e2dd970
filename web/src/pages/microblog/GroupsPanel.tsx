import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { GroupPage } from './GroupPage.js';
import { groupsApi, type GroupView } from './groupsApi.js';
import './groups.css';

function CreateGroup({ onCreated }: { onCreated: (g: GroupView) => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [closed, setClosed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await groupsApi.create(workspace.id, { name, description, closed });
      setName('');
      setDescription('');
      setClosed(false);
      onCreated(r.group);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card mb-group-create" onSubmit={(e) => void submit(e)} aria-label={t('mb.groups.create')}>
      <h3>{t('mb.groups.create')}</h3>
      <label>
        {t('mb.groups.name')}
        <input value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('mb.groups.description')}
        <textarea rows={2} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label className="mb-check">
        <input type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} />
        {t('mb.groups.closedLabel')}
      </label>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {t('mb.groups.submit')}
        </button>
      </div>
    </form>
  );
}

/** One line of a group list: name, open or closed, members, my standing, and what I can do. */
export function GroupLine({ group, onOpen, onChanged }: { group: GroupView; onOpen: () => void; onChanged: () => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) => p.then(onChanged).catch((e) => setError(errorText(e)));
  return (
    <li className="mb-group-line" data-testid="mb-group">
      <div>
        <button type="button" className="btn btn-ghost btn-small mb-group-name" translate="no" onClick={onOpen}>
          {group.name}
        </button>{' '}
        <span className={`mb-badge ${group.closed ? 'mb-badge-closed' : ''}`}>{group.closed ? t('mb.groups.closed') : t('mb.groups.open')}</span> <span className="muted small">{t('mb.groups.members', { n: group.membersCount })}</span>
        {group.pendingCount ? <span className="mb-badge">{t('mb.groups.pending', { n: group.pendingCount })}</span> : null}
        {group.description && (
          <p className="muted small" translate="no">
            {group.description}
          </p>
        )}
      </div>
      <div className="mb-group-actions">
        {group.role && <span className="muted small">{group.role === 'admin' ? t('mb.groups.admin') : t('mb.groups.member')}</span>}
        {!group.role && !group.requested && (
          <button type="button" className="btn btn-small" onClick={() => void act(groupsApi.join(workspace.id, group.id))}>
            {group.closed ? t('mb.groups.request') : t('mb.groups.join')}
          </button>
        )}
        {!group.role && group.requested && (
          <>
            <span className="muted small">{t('mb.groups.requested')}</span>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => void act(groupsApi.leave(workspace.id, group.id))}>
              {t('mb.groups.withdraw')}
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Groups: mine, others to discover (join an open one, ask to join a closed one), create; a group's page. */
export function GroupsPanel({ onTag }: { onTag: (tag: string) => void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const [open, setOpen] = useState<string | null>(null);
  const mine = useLoad(() => groupsApi.list(workspace.id, 'mine'), [workspace.id, open]);
  const discover = useLoad(() => groupsApi.list(workspace.id, 'discover'), [workspace.id, open]);
  const reload = () => {
    mine.reload();
    discover.reload();
  };
  if (open) return <GroupPage groupId={open} onBack={() => setOpen(null)} onTag={onTag} />;
  const list = (data: { groups: GroupView[] } | undefined, empty: string) =>
    !data ? (
      <p role="status">{t('common.loading')}</p>
    ) : data.groups.length === 0 ? (
      <p className="empty">{empty}</p>
    ) : (
      <ul className="plain-list mb-group-list">
        {data.groups.map((g) => (
          <GroupLine key={`${g.id}:${g.role}:${g.requested}:${g.membersCount}`} group={g} onOpen={() => setOpen(g.id)} onChanged={reload} />
        ))}
      </ul>
    );
  return (
    <section aria-label={t('mb.tab.groups')} className="mb-groups">
      <div className="card">
        <h2>{t('mb.groups.mine')}</h2>
        {list(mine.data, t('mb.groups.none'))}
      </div>
      <div className="card">
        <h2>{t('mb.groups.discover')}</h2>
        {list(discover.data, t('mb.groups.noneToDiscover'))}
      </div>
      <CreateGroup onCreated={(g) => setOpen(g.id)} />
    </section>
  );
}
