import { useI18n } from '../../../i18n/index.js';
import { ActionRow, type Choices } from './ActionRow.js';
import { ConditionRow } from './ConditionRow.js';
import { GROUP_MODES, newAction, newCondition, newId, problemIsIn, rowPaths, type Builder, type CondRow, type GroupMode, type GroupRow } from './ruleModel.js';
import './ruleBuilder.css';

export type { Choices };

/** The point-and-click editor of a rule's conditions (one level of groups) and actions; the JSON follows it. */
export function RuleBuilder({ value, choices, problems, onChange }: { value: Builder; choices: Choices; problems: Array<{ path: string; message: string }>; onChange(next: Builder): void }) {
  const { t } = useI18n();
  const paths = rowPaths(value);
  const problemsOf = (id: string) => {
    const p = paths.get(id);
    return p === undefined ? [] : problems.filter((x) => problemIsIn(x.path, p)).map((x) => x.message);
  };
  const setItems = (items: Builder['items']) => onChange({ ...value, items });
  const setItem = (i: number, next: Builder['items'][number] | null) => setItems(next ? value.items.map((x, k) => (k === i ? next : x)) : value.items.filter((_, k) => k !== i));
  const modeSelect = (mode: GroupMode, label: string, change: (m: GroupMode) => void) => (
    <select aria-label={label} value={mode} onChange={(e) => change(e.target.value as GroupMode)}>
      {GROUP_MODES.map((m) => (
        <option key={m} value={m}>
          {t(`ruleBuilder.mode.${m}`)}
        </option>
      ))}
    </select>
  );
  let groupNo = 0;

  return (
    <div className="rule-builder" data-testid="rule-builder">
      <fieldset className="rb-section">
        <legend>{t('ruleBuilder.conditions')}</legend>
        <p className="rb-sentence">
          {t('ruleBuilder.match')} {modeSelect(value.mode, t('ruleBuilder.rootMode'), (mode) => onChange({ ...value, mode }))} {t('ruleBuilder.matchEnd')}
        </p>
        {value.items.length === 0 && <p className="muted small">{t('ruleBuilder.noConditions')}</p>}
        <ol className="rb-list">
          {value.items.map((it, i) => {
            if (it.kind === 'cond') return <ConditionRow key={it.id} row={it} n={String(i + 1)} problems={problemsOf(it.id)} onChange={(next) => setItem(i, next)} onRemove={() => setItem(i, null)} />;
            const g = ++groupNo;
            const setGroup = (next: GroupRow) => setItem(i, next);
            const setCond = (j: number, next: CondRow | null) => setGroup({ ...it, conds: next ? it.conds.map((c, k) => (k === j ? next : c)) : it.conds.filter((_, k) => k !== j) });
            return (
              <li key={it.id} className={`rb-group${problemsOf(it.id).length ? ' has-problem' : ''}`} data-testid="rb-group">
                <div className="rb-controls">
                  <strong>{t('ruleBuilder.group', { n: g })}</strong>
                  <span className="muted small">{t('ruleBuilder.groupOf')}</span>
                  {modeSelect(it.mode, t('ruleBuilder.groupMode', { n: g }), (mode) => setGroup({ ...it, mode }))}
                  <span className="muted small">{t('ruleBuilder.matchEnd')}</span>
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setItem(i, null)}>
                    {t('ruleBuilder.removeGroup', { n: g })}
                  </button>
                </div>
                <ol className="rb-list">
                  {it.conds.map((c, j) => (
                    <ConditionRow key={c.id} row={c} n={`${i + 1}-${j + 1}`} problems={problemsOf(c.id)} onChange={(next) => setCond(j, next)} onRemove={() => setCond(j, null)} />
                  ))}
                </ol>
                <button type="button" className="btn btn-small" onClick={() => setGroup({ ...it, conds: [...it.conds, newCondition()] })}>
                  + {t('ruleBuilder.addToGroup', { n: g })}
                </button>
              </li>
            );
          })}
        </ol>
        <div className="rb-add">
          <button type="button" className="btn btn-small" onClick={() => setItems([...value.items, newCondition()])}>
            + {t('ruleBuilder.addCondition')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setItems([...value.items, { kind: 'group', id: newId(), mode: 'any', conds: [newCondition()] }])}>
            + {t('ruleBuilder.addGroup')}
          </button>
        </div>
      </fieldset>

      <fieldset className="rb-section">
        <legend>{t('ruleBuilder.actions')}</legend>
        {value.actions.length === 0 && <p className="muted small">{t('ruleBuilder.noActions')}</p>}
        <ol className="rb-list">
          {value.actions.map((a, i) => (
            <ActionRow
              key={a.id}
              row={a}
              n={i + 1}
              choices={choices}
              problems={problemsOf(a.id)}
              onChange={(next) => onChange({ ...value, actions: value.actions.map((x, k) => (k === i ? next : x)) })}
              onRemove={() => onChange({ ...value, actions: value.actions.filter((_, k) => k !== i) })}
            />
          ))}
        </ol>
        <div className="rb-add">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onChange({ ...value, actions: [...value.actions, { id: newId(), action: choices.teams.length ? newAction('set_team', { teamId: choices.teams[0]!.id }) : newAction('set_priority') }] })}
          >
            + {t('ruleBuilder.addAction')}
          </button>
        </div>
      </fieldset>
    </div>
  );
}
