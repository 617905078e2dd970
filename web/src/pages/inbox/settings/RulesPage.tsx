import { useState } from 'react';
import { useI18n } from '../../../i18n/index.js';
import { href } from '../../../router.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { RuleEditor } from './RuleEditor.js';
import { settingsApi, type RuleView } from './settingsApi.js';

/** Routing rules in evaluation order: switch on/off, move, open to edit. `id` opens one rule ('new': a new one). */
export function RulesPage({ id }: { id: string | undefined }) {
  const { t, errorText, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const rules = useLoad(() => settingsApi.rules(workspace.id).then((r) => r.rules), [workspace.id, id]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (id) return <RuleEditor key={id} ruleId={id === 'new' ? null : id} />;

  const act = async (work: () => Promise<RuleView[] | void>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next) rules.setData(() => next);
      else rules.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const list = rules.data ?? [];
  const move = (i: number, step: -1 | 1) => {
    const ids = list.map((r) => r.id);
    const [x] = ids.splice(i, 1);
    ids.splice(i + step, 0, x!);
    void act(() => settingsApi.orderRules(workspace.id, ids).then((r) => r.rules));
  };

  return (
    <div className="panel">
      <div className="panel-head with-action">
        <div>
          <h2>{t('inboxSettings.rules.title')}</h2>
          <p className="muted">{t('inboxSettings.rules.intro')}</p>
        </div>
        <a className="btn btn-primary" href={href('/settings/inbox/rules/new')}>
          {t('inboxSettings.rules.add')}
        </a>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {rules.error !== null ? (
        <p className="alert alert-error">{errorText(rules.error)}</p>
      ) : !rules.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <div className="empty">
          <p>{t('inboxSettings.rules.empty')}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table stack" data-testid="rules-table">
            <thead>
              <tr>
                <th>{t('inboxSettings.rules.order')}</th>
                <th>{t('inboxSettings.rules.name')}</th>
                <th>{t('inboxSettings.rules.runOn')}</th>
                <th>{t('inboxSettings.rules.enabled')}</th>
                <th>{t('inboxSettings.rules.updated')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r, i) => (
                <tr key={r.id}>
                  <td data-label={t('inboxSettings.rules.order')}>{i + 1}</td>
                  <td data-label={t('inboxSettings.rules.name')}>
                    <a href={href(`/settings/inbox/rules/${r.id}`)}>
                      <strong>{r.name}</strong>
                    </a>
                    {r.stopProcessing && <span className="badge badge-muted">{t('inboxSettings.rules.stopShort')}</span>}
                    {r.description && <span className="block muted small">{r.description}</span>}
                  </td>
                  <td data-label={t('inboxSettings.rules.runOn')}>{t(`inboxSettings.rules.runOn.${r.runOn}`)}</td>
                  <td data-label={t('inboxSettings.rules.enabled')}>
                    <label className="check-label">
                      <input type="checkbox" checked={r.enabled} disabled={busy} onChange={(e) => void act(() => settingsApi.updateRule(workspace.id, r.id, { enabled: e.target.checked }).then(() => undefined))} />
                      <span className="visually-hidden">{t('inboxSettings.rules.enabledOf', { name: r.name })}</span>
                      {r.enabled ? t('inboxSettings.on') : t('inboxSettings.off')}
                    </label>
                  </td>
                  <td data-label={t('inboxSettings.rules.updated')} className="small">
                    v{r.version} · {formatDateTime(r.updatedAt)}
                    {r.updatedBy?.name && <span className="block muted">{r.updatedBy.name}</span>}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="btn btn-small" disabled={busy || i === 0} onClick={() => move(i, -1)} aria-label={t('inboxSettings.rules.up', { name: r.name })}>
                      ↑
                    </button>
                    <button type="button" className="btn btn-small" disabled={busy || i === list.length - 1} onClick={() => move(i, 1)} aria-label={t('inboxSettings.rules.down', { name: r.name })}>
                      ↓
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
