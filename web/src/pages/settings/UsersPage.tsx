import { useState } from 'react';
import { api, type Member, type Role } from '../../api.js';
import { ConfirmDialog, DataTable, LoadState, Notice, SettingsPanel } from '../../components/settings/index.js';
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
  const [removing, setRemoving] = useState<Member | null>(null);

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
  const remove = (u: Member) =>
    act(u.id, () =>
      api
        .removeUser(workspace.id, u.id)
        .then(() => users.setData((list) => list?.filter((x) => x.id !== u.id)))
        .finally(() => setRemoving(null)),
    );

  return (
    <SettingsPanel
      title={t('users.title')}
      intro={t('users.intro')}
      actions={
        manage && (
          <button type="button" className="btn btn-primary" aria-expanded={showForm} aria-controls="create-user" onClick={() => setShowForm((s) => !s)}>
            {t('users.add')}
          </button>
        )
      }
    >
      {manage && showForm && <CreateUserForm id="create-user" onCreated={(user) => users.setData((list) => (list ? [...list.filter((u) => u.id !== user.id), user] : [user]))} onCancel={() => setShowForm(false)} />}

      <Notice kind="error">{actionError}</Notice>

      <LoadState load={users} empty={t('users.empty')}>
        {(list) => (
          <DataTable
            rows={list}
            rowKey={(u) => u.id}
            rowData={(u) => ({ email: u.email })}
            label={t('users.list')}
            testId="users-table"
            columns={[
              {
                label: t('users.name'),
                cell: (u) => (
                  <>
                    <strong>{u.name || t('common.none')}</strong>
                    {u.id === me.id && <span className="badge">{t('users.you')}</span>}
                  </>
                ),
              },
              { label: t('users.email'), className: 'break', cell: (u) => <span id={`user-${u.id}-email`}>{u.email}</span> },
              {
                label: t('users.role'),
                cell: (u) => (manage && u.id !== me.id ? <RoleSelect value={u.role} disabled={busyId === u.id} label={t('users.roleOf', { name: u.name || u.email })} onChange={(role) => changeRole(u, role)} /> : t(`role.${u.role}`)),
              },
              {
                label: t('users.status'),
                cell: (u) => <span className={`badge ${u.status === 'active' ? 'badge-ok' : 'badge-muted'}`}>{u.status === 'active' ? t('users.active') : t('users.disabled')}</span>,
              },
              { label: t('users.lastLogin'), cell: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.never')) },
              manage && {
                label: t('common.actions'),
                className: 'row-actions',
                cell: (u) =>
                  u.id !== me.id && (
                    <>
                      <button type="button" className="btn btn-small" disabled={busyId === u.id} aria-describedby={`user-${u.id}-email`} onClick={() => toggleStatus(u)}>
                        {u.status === 'active' ? t('users.disable') : t('users.enable')}
                      </button>
                      <button type="button" className="btn btn-small btn-danger" disabled={busyId === u.id} aria-describedby={`user-${u.id}-email`} onClick={() => setRemoving(u)}>
                        {t('users.remove')}
                      </button>
                    </>
                  ),
              },
            ]}
          />
        )}
      </LoadState>

      {removing && (
        <ConfirmDialog
          title={t('users.removeTitle')}
          body={t('users.removeConfirm', { email: removing.email })}
          confirm={t('users.remove')}
          danger
          busy={busyId === removing.id}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </SettingsPanel>
  );
}
