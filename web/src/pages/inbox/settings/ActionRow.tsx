import type { ReactNode } from 'react';
import { Icon } from '../../../components/Icon.js';
import { useI18n } from '../../../i18n/index.js';
import { ACTION_TYPES, newAction, PRIORITY_VALUES, STRATEGIES, type ActionRow as Row, type ActionType, type BuilderAction } from './ruleModel.js';
import { ChipInput, IdSelect } from './ruleInputs.js';

type Named = Array<{ id: string; name: string }>;
export interface Choices {
  teams: Named;
  agents: Named;
  canned: Named;
  policies: Named;
}

/** One action: its type, then the pickers it needs (team, agent, canned reply, SLA policy, …). */
export function ActionRow({ row, n, choices, problems, onChange, onRemove }: { row: Row; n: number; choices: Choices; problems: string[]; onChange(next: Row): void; onRemove(): void }) {
  const { t } = useI18n();
  const a = row.action;
  const set = (action: BuilderAction) => onChange({ ...row, action });
  const first = { teamId: choices.teams[0]?.id, agentId: choices.agents[0]?.id, templateId: choices.canned[0]?.id, policyId: choices.policies[0]?.id };
  const optional = (v: string) => (v === '' ? undefined : v);

  let params: ReactNode = null;
  switch (a.type) {
    case 'set_team':
      params = <IdSelect label={t('ruleBuilder.act.team', { n })} value={a.teamId} items={choices.teams} onChange={(teamId) => set({ ...a, teamId })} />;
      break;
    case 'set_priority':
      params = (
        <select aria-label={t('ruleBuilder.act.priority', { n })} value={a.priority} onChange={(e) => set({ ...a, priority: e.target.value as (typeof PRIORITY_VALUES)[number] })}>
          {PRIORITY_VALUES.map((p) => (
            <option key={p} value={p}>
              {t(`inbox.priority.${p}`)}
            </option>
          ))}
        </select>
      );
      break;
    case 'add_tags':
      params = <ChipInput value={a.tags} label={t('ruleBuilder.act.tag', { n })} placeholder={t('inbox.tagPlaceholder')} onChange={(tags) => set({ ...a, tags })} />;
      break;
    case 'assign_agent':
      params = <IdSelect label={t('ruleBuilder.act.agent', { n })} value={a.agentId} items={choices.agents} onChange={(agentId) => set({ ...a, agentId })} />;
      break;
    case 'assign_strategy':
      params = (
        <>
          <select aria-label={t('ruleBuilder.act.strategy', { n })} value={a.strategy} onChange={(e) => set({ ...a, strategy: e.target.value as (typeof STRATEGIES)[number] })}>
            {STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {t(`ruleBuilder.strategy.${s}`)}
              </option>
            ))}
          </select>
          <IdSelect
            label={t('ruleBuilder.act.team', { n })}
            value={a.teamId ?? ''}
            items={choices.teams}
            empty={t('ruleBuilder.act.anyTeam')}
            onChange={(v) => set({ type: a.type, strategy: a.strategy, ...(optional(v) ? { teamId: v } : {}) })}
          />
        </>
      );
      break;
    case 'auto_acknowledge':
      params = <IdSelect label={t('ruleBuilder.act.template', { n })} value={a.templateId} items={choices.canned} onChange={(templateId) => set({ ...a, templateId })} />;
      break;
    case 'set_sla_policy':
      params = <IdSelect label={t('ruleBuilder.act.policy', { n })} value={a.policyId} items={choices.policies} onChange={(policyId) => set({ ...a, policyId })} />;
      break;
    case 'escalate': {
      const without = (k: 'teamId' | 'manager' | 'reason') => {
        const copy = { ...a };
        delete copy[k];
        return copy;
      };
      params = (
        <>
          <IdSelect label={t('ruleBuilder.act.team', { n })} value={a.teamId ?? ''} items={choices.teams} empty={t('ruleBuilder.act.noTeam')} onChange={(v) => set(v ? { ...a, teamId: v } : without('teamId'))} />
          <label className="check-label">
            <input type="checkbox" checked={a.manager === true} onChange={(e) => set(e.target.checked ? { ...a, manager: true } : without('manager'))} />
            {t('ruleBuilder.act.manager')}
          </label>
          <input
            type="text"
            aria-label={t('ruleBuilder.act.reason', { n })}
            placeholder={t('ruleBuilder.act.reason', { n })}
            value={a.reason ?? ''}
            maxLength={500}
            onChange={(e) => set(e.target.value ? { ...a, reason: e.target.value } : without('reason'))}
          />
        </>
      );
      break;
    }
  }

  return (
    <li className={`rb-row${problems.length ? ' has-problem' : ''}`} data-testid="rb-action">
      <div className="rb-controls">
        <select aria-label={t('ruleBuilder.act.type', { n })} value={a.type} onChange={(e) => set(newAction(e.target.value as ActionType, first))}>
          {ACTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`ruleBuilder.type.${type}`)}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small btn-ghost rb-remove" onClick={onRemove} aria-label={t('ruleBuilder.act.remove', { n })} title={t('ruleBuilder.act.remove', { n })}>
          <Icon name="close" size={14} />
        </button>
      </div>
      <div className="rb-value rb-params">{params}</div>
      {problems.map((p, i) => (
        <p key={i} className="rb-problem small">
          {p}
        </p>
      ))}
    </li>
  );
}
