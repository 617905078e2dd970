import { useState } from 'react';
import { DataTable, LoadState, Notice, SettingsPanel } from '../../../components/settings/index.js';
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
    <SettingsPanel
      title={t('inboxSettings.rules.title')}
      intro={t('inboxSettings.rules.intro')}
      actions={
        <a className="btn btn-primary" href={href('/settings/inbox/rules/new')}>
          {t('inboxSettings.rules.add')}
        </a>
      }
    >
      <Notice kind="error">{error}</Notice>
      <LoadState load={rules} empty={t('inboxSettings.rules.empty')}>
        {(shown) => (
          <DataTable
            rows={shown}
            rowKey={(r) => r.id}
            testId="rules-table"
            columns={[
              { label: t('inboxSettings.rules.order'), cell: (_, i) => i + 1 },
              {
                label: t('inboxSettings.rules.name'),
                cell: (r) => (
                  <>
                    <a href={href(`/settings/inbox/rules/${r.id}`)}>
                      <strong>{r.name}</strong>
                    </a>
                    {r.stopProcessing && <span className="badge badge-muted">{t('inboxSettings.rules.stopShort')}</span>}
                    {r.description && <span className="block muted small">{r.description}</span>}
                  </>
                ),
              },
              { label: t('inboxSettings.rules.runOn'), cell: (r) => t(`inboxSettings.rules.runOn.${r.runOn}`) },
              {
                label: t('inboxSettings.rules.enabled'),
                cell: (r) => (
                  <label className="check-label">
                    <input type="checkbox" checked={r.enabled} disabled={busy} onChange={(e) => void act(() => settingsApi.updateRule(workspace.id, r.id, { enabled: e.target.checked }).then(() => undefined))} />
                    <span className="visually-hidden">{t('inboxSettings.rules.enabledOf', { name: r.name })}</span>
                    {r.enabled ? t('inboxSettings.on') : t('inboxSettings.off')}
                  </label>
                ),
              },
              {
                label: t('inboxSettings.rules.updated'),
                className: 'small',
                cell: (r) => (
                  <>
                    v{r.version} · {formatDateTime(r.updatedAt)}
                    {r.updatedBy?.name && <span className="block muted">{r.updatedBy.name}</span>}
                  </>
                ),
              },
              {
                label: t('common.actions'),
                className: 'row-actions',
                cell: (r, i) => (
                  <>
                    <button type="button" className="btn btn-small" disabled={busy || i === 0} onClick={() => move(i, -1)} aria-label={t('inboxSettings.rules.up', { name: r.name })}>
                      ↑
                    </button>
                    <button type="button" className="btn btn-small" disabled={busy || i === shown.length - 1} onClick={() => move(i, 1)} aria-label={t('inboxSettings.rules.down', { name: r.name })}>
                      ↓
                    </button>
                  </>
                ),
              },
            ]}
          />
        )}
      </LoadState>
    </SettingsPanel>
  );
}
