import { useState } from 'react';
import { api, type Member, type Role } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { CreateUserForm } from './CreateUserForm.js';
import { RoleSelect } from './RoleSelect.js';

export function UsersPage() {
  const { t, errorText, formatDateTime } = useI18n();
  const { workspace, can, me } = useWorkspace();
  const manage = can('users.manage');
  const users = useLoad(() => api.users(workspace.id).then((r) => r.users), [workspace.id]);
  const [showForm, setShowForm] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const replace = (user: Member) => users.setData((list) => list?.map((u) => (u.id === user.id ? user : u)));

  const act = (userId: string, work: () => Promise<void>) => {
    setBusyId(userId);
    setActionError(null);
    work()
      .catch((err: unknown) => setActionError(errorText(err)))
      .finally(() => setBusyId(null));
  };

  const changeRole = (u: Member, role: Role) => act(u.id, () => api.updateUser(workspace.id, u.id, { role }).then((r) => replace(r.user)));
  const toggleStatus = (u: Member) => act(u.id, () => api.updateUser(workspace.id, u.id, { status: u.status === 'active' ? 'disabled' : 'active' }).then((r) => replace(r.user)));
  const remove = (u: Member) => {
    if (!window.confirm(t('users.removeConfirm', { email: u.email }))) return;
    act(u.id, () => api.removeUser(workspace.id, u.id).then(() => users.setData((list) => list?.filter((x) => x.id !== u.id))));
  };

  return (
    <div className="panel">
      <div className="panel-head with-action">
        <div>
          <h2>{t('users.title')}</h2>
          <p className="muted">{t('users.intro')}</p>
        </div>
        {manage && (
          <button type="button" className="btn btn-primary" aria-expanded={showForm} aria-controls="create-user" onClick={() => setShowForm((s) => !s)}>
            {t('users.add')}
          </button>
        )}
      </div>

      {manage && showForm && <CreateUserForm id="create-user" onCreated={(user) => users.setData((list) => (list ? [...list.filter((u) => u.id !== user.id), user] : [user]))} onCancel={() => setShowForm(false)} />}

      {actionError && (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      )}

      {users.loading && !users.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : users.error ? (
        <div className="alert alert-error" role="alert">
          {errorText(users.error)}{' '}
          <button type="button" className="btn btn-small" onClick={users.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : users.data && users.data.length === 0 ? (
        <p className="empty">{t('users.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table stack" aria-label={t('users.list')} data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.lastLogin')}</th>
                {manage && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {users.data?.map((u) => {
                const self = u.id === me.id;
                const busy = busyId === u.id;
                return (
                  <tr key={u.id} data-email={u.email}>
                    <td data-label={t('users.name')}>
                      <strong>{u.name || t('common.none')}</strong>
                      {self && <span className="badge">{t('users.you')}</span>}
                    </td>
                    <td data-label={t('users.email')} className="break" id={`user-${u.id}-email`}>
                      {u.email}
                    </td>
                    <td data-label={t('users.role')}>
                      {manage && !self ? <RoleSelect value={u.role} disabled={busy} label={t('users.roleOf', { name: u.name || u.email })} onChange={(role) => changeRole(u, role)} /> : t(`role.${u.role}`)}
                    </td>
                    <td data-label={t('users.status')}>
                      <span className={`badge ${u.status === 'active' ? 'badge-ok' : 'badge-muted'}`}>{u.status === 'active' ? t('users.active') : t('users.disabled')}</span>
                    </td>
                    <td data-label={t('users.lastLogin')}>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.never')}</td>
                    {manage && (
                      <td data-label={t('common.actions')} className="row-actions">
                        {!self && (
                          <>
                            <button type="button" className="btn btn-small" disabled={busy} aria-describedby={`user-${u.id}-email`} onClick={() => toggleStatus(u)}>
                              {u.status === 'active' ? t('users.disable') : t('users.enable')}
                            </button>
                            <button type="button" className="btn btn-small btn-danger" disabled={busy} aria-describedby={`user-${u.id}-email`} onClick={() => remove(u)}>
                              {t('users.remove')}
                            </button>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
