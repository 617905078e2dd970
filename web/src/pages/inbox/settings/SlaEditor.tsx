import { useState } from 'react';
import { ApiError } from '../../../api.js';
import { useI18n } from '../../../i18n/index.js';
import { useWorkspace } from '../../../workspace.js';
import { PRIORITIES, type Team } from '../inboxApi.js';
import { controlOf, formOf, inputOf, TARGET_KEYS, type SlaForm } from './slaForm.js';
import { DAYS, problemsOf, settingsApi, type SlaPolicy } from './settingsApi.js';

/** Targets per priority (minutes), business hours, holidays, pausing and escalation of one SLA policy. */
export function SlaEditor({ policy, teams, onDone, onCancel }: { policy: SlaPolicy | null; teams: Team[]; onDone(p: SlaPolicy): void; onCancel(): void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [f, setF] = useState<SlaForm>(() => formOf(policy));
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof SlaForm>(k: K, v: SlaForm[K]) => setF((old) => ({ ...old, [k]: v }));
  const bad = new Set(problems.map((p) => controlOf(p.path)).filter(Boolean));
  const invalid = (id: string) => (bad.has(id) ? true : undefined);

  const save = async () => {
    setBusy(true);
    setProblems([]);
    setError(null);
    try {
      const input = inputOf(f, policy?.schedule.timeZone);
      const r = policy ? await settingsApi.updateSla(workspace.id, policy.id, input) : await settingsApi.createSla(workspace.id, input);
      onDone(r.policy);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'sla.invalid' || err.code === 'validation')) setProblems(problemsOf(err.message, err.field));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card sla-editor"
      aria-label={policy ? t('inboxSettings.sla.edit', { name: policy.name }) : t('inboxSettings.sla.add')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sla-name">{t('inboxSettings.sla.name')}</label>
          <input id="sla-name" type="text" required value={f.name} aria-invalid={invalid('sla-name')} onChange={(e) => set('name', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="sla-clock">{t('inboxSettings.sla.clock')}</label>
          <select id="sla-clock" value={f.clock} onChange={(e) => set('clock', e.target.value as SlaForm['clock'])}>
            <option value="business">{t('inboxSettings.sla.clock.business')}</option>
            <option value="calendar">{t('inboxSettings.sla.clock.calendar')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sla-warning">{t('inboxSettings.sla.warning')}</label>
          <input id="sla-warning" type="number" min={1} max={99} value={f.warningPct} aria-invalid={invalid('sla-warning')} onChange={(e) => set('warningPct', e.target.value)} />
        </div>
      </div>

      <fieldset className="field">
        <legend>{t('inboxSettings.sla.targets')}</legend>
        <p className="hint">{t('inboxSettings.sla.targetsHint')}</p>
        <div className="table-wrap">
          <table className="table sla-targets">
            <thead>
              <tr>
                <th>{t('inbox.priority')}</th>
                {TARGET_KEYS.map((k) => (
                  <th key={k}>{t(`inboxSettings.sla.${k}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {PRIORITIES.map((p) => (
                <tr key={p}>
                  <th scope="row">{t(`inbox.priority.${p}`)}</th>
                  {TARGET_KEYS.map((k) => (
                    <td key={k}>
                      <input
                        id={`sla-${p}-${k}`}
                        type="number"
                        min={1}
                        step="any"
                        className="num-input"
                        aria-label={`${t(`inbox.priority.${p}`)} · ${t(`inboxSettings.sla.${k}`)} (${t('inboxSettings.sla.minutes')})`}
                        aria-invalid={invalid(`sla-${p}-${k}`)}
                        value={f.targets[p][k]}
                        onChange={(e) => set('targets', { ...f.targets, [p]: { ...f.targets[p], [k]: e.target.value } })}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset className="field">
        <legend>{t('inboxSettings.sla.hours')}</legend>
        <p className="hint">{t('inboxSettings.sla.hoursHint')}</p>
        <div className="week-grid">
          {DAYS.map((d) => (
            <div key={d} className="field">
              <label htmlFor={`sla-day-${d}`}>{t(`inboxSettings.day.${d}`)}</label>
              <input id={`sla-day-${d}`} type="text" placeholder={t('inboxSettings.sla.closed')} value={f.week[d]} aria-invalid={invalid(`sla-day-${d}`)} onChange={(e) => set('week', { ...f.week, [d]: e.target.value })} />
            </div>
          ))}
        </div>
      </fieldset>

      <div className="form-grid">
        <div className="field">
          <label htmlFor="sla-extra">{t('inboxSettings.sla.extra')}</label>
          <textarea id="sla-extra" rows={3} placeholder={t('inboxSettings.sla.extraPlaceholder')} value={f.extra} aria-invalid={invalid('sla-extra')} onChange={(e) => set('extra', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="sla-exclude">{t('inboxSettings.sla.exclude')}</label>
          <textarea id="sla-exclude" rows={3} placeholder="2026-05-01" value={f.exclude} aria-invalid={invalid('sla-exclude')} onChange={(e) => set('exclude', e.target.value)} />
        </div>
      </div>

      <div className="check-row">
        <label className="check-label">
          <input type="checkbox" checked={f.laborDay} onChange={(e) => set('laborDay', e.target.checked)} />
          {t('inboxSettings.sla.laborDay')}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={f.pausePending} onChange={(e) => set('pausePending', e.target.checked)} />
          {t('inboxSettings.sla.pausePending')}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={f.pauseSnoozed} onChange={(e) => set('pauseSnoozed', e.target.checked)} />
          {t('inboxSettings.sla.pauseSnoozed')}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={f.reopen} onChange={(e) => set('reopen', e.target.checked)} />
          {t('inboxSettings.sla.reopen')}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={f.raisePriority} onChange={(e) => set('raisePriority', e.target.checked)} />
          {t('inboxSettings.sla.raisePriority')}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={f.isDefault} onChange={(e) => set('isDefault', e.target.checked)} />
          {t('inboxSettings.sla.isDefault')}
        </label>
      </div>
      <div className="field">
        <label htmlFor="sla-escalate-team">{t('inboxSettings.sla.escalateTeam')}</label>
        <select id="sla-escalate-team" value={f.escalateTeamId} aria-invalid={invalid('sla-escalate-team')} onChange={(e) => set('escalateTeamId', e.target.value)}>
          <option value="">{t('inbox.noTeam')}</option>
          {teams.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
        </select>
      </div>

      {problems.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="sla-problems">
          <strong>{t('inboxSettings.rules.problems', { n: problems.length })}</strong>
          <ul className="problem-list">
            {problems.map((p, i) => (
              <li key={i}>
                <button type="button" className="link-button" onClick={() => document.getElementById(controlOf(p.path) ?? '')?.focus()}>
                  {p.path && <code>{p.path}</code>} {p.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || !f.name.trim()}>
          {t('inboxSettings.save')}
        </button>
      </div>
    </form>
  );
}
