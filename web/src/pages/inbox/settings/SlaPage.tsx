import { useState } from 'react';
import { ConfirmDialog, LoadState, Notice, SettingsPanel } from '../../../components/settings/index.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { inboxApi, PRIORITIES } from '../inboxApi.js';
import { span } from '../SlaClock.js';
import { SlaEditor } from './SlaEditor.js';
import { DAYS, settingsApi, type SlaPolicy } from './settingsApi.js';

/** SLA policies: targets per priority at a glance; one default; edit or add. */
export function SlaPage() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const policies = useLoad(() => settingsApi.slaPolicies(workspace.id).then((r) => r.policies), [workspace.id]);
  const teams = useLoad(
    () =>
      inboxApi.teams(workspace.id).then(
        (r) => r.teams,
        () => [],
      ),
    [workspace.id],
  );
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SlaPolicy | null>(null);

  const remove = async (p: SlaPolicy) => {
    setError(null);
    try {
      await settingsApi.deleteSla(workspace.id, p.id);
      setNotice(t('inboxSettings.deleted', { name: p.name }));
      policies.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setRemoving(null);
    }
  };

  const hours = (p: SlaPolicy) =>
    DAYS.filter((d) => p.schedule.week[d]?.length)
      .map((d) => `${t(`inboxSettings.day.${d}`)} ${p.schedule.week[d]!.map((s) => `${s.start}–${s.end}`).join(', ')}`)
      .join(' · ') || t('inboxSettings.sla.closed');

  return (
    <SettingsPanel
      title={t('inboxSettings.sla.title')}
      intro={t('inboxSettings.sla.intro')}
      actions={
        editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('inboxSettings.sla.add')}
          </button>
        )
      }
    >
      <Notice kind="success">{notice}</Notice>
      <Notice kind="error">{error}</Notice>
      {editing !== null && (
        <SlaEditor
          key={editing === 'new' ? 'new' : editing.id}
          policy={editing === 'new' ? null : editing}
          teams={teams.data ?? []}
          onCancel={() => setEditing(null)}
          onDone={(p) => {
            setEditing(null);
            setNotice(t('inboxSettings.savedNamed', { name: p.name }));
            policies.reload();
          }}
        />
      )}
      <LoadState load={policies}>
        {(list) => (
          <ul className="policy-list" data-testid="sla-policies">
            {list.map((p) => (
              <li key={p.id} className="card">
                <div className="panel-head with-action">
                  <div>
                    <h3>
                      {p.name} {p.isDefault && <span className="badge badge-info">{t('inboxSettings.sla.default')}</span>}
                    </h3>
                    <p className="muted small">
                      {t(`inboxSettings.sla.clock.${p.clock}`)} · {t('inboxSettings.sla.warningAt', { n: Math.round(p.warningRatio * 100) })} · {hours(p)}
                    </p>
                  </div>
                  <span className="row-actions">
                    <button type="button" className="btn btn-small" onClick={() => setEditing(p)}>
                      {t('inboxSettings.edit')}
                    </button>
                    {!p.isDefault && (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => setRemoving(p)}>
                        {t('inboxSettings.delete')}
                      </button>
                    )}
                  </span>
                </div>
                <div className="table-wrap">
                  <table className="table small">
                    <thead>
                      <tr>
                        <th>{t('inbox.priority')}</th>
                        <th>{t('inboxSettings.sla.firstResponseMs')}</th>
                        <th>{t('inboxSettings.sla.nextResponseMs')}</th>
                        <th>{t('inboxSettings.sla.resolutionMs')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {PRIORITIES.map((pr) => (
                        <tr key={pr}>
                          <th scope="row">{t(`inbox.priority.${pr}`)}</th>
                          {(['firstResponseMs', 'nextResponseMs', 'resolutionMs'] as const).map((k) => (
                            <td key={k}>{p.targets[pr]?.[k] !== undefined ? span(t, p.targets[pr]![k]!) : t('common.none')}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </li>
            ))}
          </ul>
        )}
      </LoadState>
      {removing && (
        <ConfirmDialog
          title={t('inboxSettings.sla.deleteTitle')}
          body={t('inboxSettings.sla.deleteBody', { name: removing.name })}
          confirm={t('inboxSettings.delete')}
          danger
          onConfirm={() => void remove(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </SettingsPanel>
  );
}
