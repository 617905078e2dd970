import { ROLES } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { SettingsPanel } from '../../components/settings/index.js';

/** Permissions per role, read-only: permissions down, roles across. */
export function RolesPage() {
  const { t, tMaybe } = useI18n();
  const { roles, workspace } = useWorkspace();
  const known = new Set<string>(ROLES);
  const ordered = [...roles].sort((a, b) => (known.has(a.role) ? ROLES.indexOf(a.role) : 99) - (known.has(b.role) ? ROLES.indexOf(b.role) : 99));
  const permissions = [...new Set(ordered.flatMap((r) => r.permissions))].sort();

  return (
    <SettingsPanel title={t('roles.title')} intro={t('roles.intro')}>
      <div className="table-wrap">
        <table className="table matrix">
          <thead>
            <tr>
              <th scope="col">{t('roles.permission')}</th>
              {ordered.map((r) => (
                <th scope="col" key={r.role} className={r.role === workspace.role ? 'mine' : undefined}>
                  {tMaybe(`role.${r.role}`) ?? r.role}
                  {r.role === workspace.role && <span className="sub">({t('roles.yours')})</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {permissions.map((p) => (
              <tr key={p}>
                <th scope="row">
                  <span>{tMaybe(`perm.${p}`) ?? p}</span>
                  <code className="sub">{p}</code>
                </th>
                {ordered.map((r) => {
                  const has = r.permissions.includes(p);
                  return (
                    <td key={r.role} className={`check ${r.role === workspace.role ? 'mine' : ''}`}>
                      {has ? (
                        <span className="yes" role="img" aria-label={t('roles.granted')}>
                          ✓
                        </span>
                      ) : (
                        <span className="no" role="img" aria-label={t('roles.notGranted')}>
                          ·
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </SettingsPanel>
  );
}
