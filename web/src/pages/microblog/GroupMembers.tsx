import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { groupsApi, type GroupView } from './groupsApi.js';
import type { PersonView } from './microblogApi.js';

const who = (p: PersonView) => [p.title, p.department].filter(Boolean).join(' · ');

/** Admins: requests to join (approve, decline) and adding a person found by name. */
function AdminTools({ group, onChanged }: { group: GroupView; onChanged: () => void }) {
  const { t, formatDateTime, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const requests = useLoad(() => groupsApi.requests(workspace.id, group.id), [workspace.id, group.id]);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>) =>
    p
      .then(() => {
        requests.reload();
        onChanged();
      })
      .catch((e) => setError(errorText(e)));
  const find = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim())
      void groupsApi
        .people(workspace.id, q.trim())
        .then((r) => setFound(r.people))
        .catch((err) => setError(errorText(err)));
  };
  return (
    <>
      {group.closed && (
        <div className="card" data-testid="mb-group-requests">
          <h3>{t('mb.groups.requestsTitle')}</h3>
          {requests.data?.requests.length === 0 && <p className="empty">{t('mb.groups.noRequests')}</p>}
          <ul className="plain-list">
            {requests.data?.requests.map((r) => (
              <li key={r.person.id} className="mb-group-line">
                <span>
                  <strong translate="no">{r.person.displayName}</strong>{' '}
                  <span className="muted small" translate="no">
                    {who(r.person)}
                  </span>{' '}
                  <time className="muted small" dateTime={r.createdAt}>
                    {formatDateTime(r.createdAt)}
                  </time>
                </span>
                <span className="mb-group-actions">
                  <button type="button" className="btn btn-primary btn-small" onClick={() => void act(groupsApi.decide(workspace.id, group.id, r.person.id, true))}>
                    {t('mb.groups.approve')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => void act(groupsApi.decide(workspace.id, group.id, r.person.id, false))}>
                    {t('mb.groups.decline')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="card" onSubmit={find} aria-label={t('mb.groups.add')}>
        <h3>{t('mb.groups.add')}</h3>
        <label htmlFor="mb-group-add" className="visually-hidden">
          {t('mb.groups.addSearch')}
        </label>
        <input id="mb-group-add" type="search" value={q} placeholder={t('mb.groups.addSearch')} onChange={(e) => setQ(e.target.value)} />{' '}
        <button type="submit" className="btn btn-small">
          {t('mb.groups.addFind')}
        </button>
        <ul className="plain-list">
          {found?.map((p) => (
            <li key={p.id} className="mb-group-line">
              <span translate="no">
                {p.displayName} <span className="muted small">{who(p)}</span>
              </span>
              <button
                type="button"
                className="btn btn-small"
                onClick={() =>
                  void act(groupsApi.addMember(workspace.id, group.id, p.id)).then(() => {
                    setFound(null);
                    setQ('');
                  })
                }
              >
                {t('mb.groups.add')}
              </button>
            </li>
          ))}
        </ul>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </>
  );
}

/** A group's members (names, roles); admins also change roles, remove members and handle requests. */
export function GroupMembers({ group, onChanged }: { group: GroupView; onChanged: () => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const members = useLoad(() => groupsApi.members(workspace.id, group.id), [workspace.id, group.id, group.membersCount]);
  const [error, setError] = useState<string | null>(null);
  const admin = group.role === 'admin';
  const act = (p: Promise<unknown>) =>
    p
      .then(() => {
        members.reload();
        onChanged();
      })
      .catch((e) => setError(errorText(e)));
  return (
    <>
      {admin && <AdminTools group={group} onChanged={onChanged} />}
      <div className="card" data-testid="mb-group-members">
        <h3>{t('mb.groups.membersTitle')}</h3>
        <ul className="plain-list">
          {members.data?.members.map((m) => (
            <li key={m.person.id} className="mb-group-line">
              <span>
                <strong translate="no">{m.person.displayName}</strong>{' '}
                <span className="muted small" translate="no">
                  {who(m.person)}
                </span>{' '}
                <span className="mb-badge">{m.role === 'admin' ? t('mb.groups.admin') : t('mb.groups.member')}</span>
              </span>
              {admin && (
                <span className="mb-group-actions">
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => void act(groupsApi.setRole(workspace.id, group.id, m.person.id, m.role === 'admin' ? 'member' : 'admin'))}>
                    {m.role === 'admin' ? t('mb.groups.makeMember') : t('mb.groups.makeAdmin')}
                  </button>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => void act(groupsApi.removeMember(workspace.id, group.id, m.person.id))}>
                    {t('mb.groups.remove')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </>
  );
}
