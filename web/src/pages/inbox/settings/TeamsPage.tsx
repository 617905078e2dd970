import { useState } from 'react';
import { ConfirmDialog, LoadState, Notice, SettingsPanel } from '../../../components/settings/index.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { inboxApi, type Agent, type Availability, type Team } from '../inboxApi.js';

const list = (s: string) => [
  ...new Set(
    s
      .split(/[,\s]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];
const AVAILABILITY: Availability[] = ['online', 'away', 'offline'];

/** Teams (queues with skills) and agents (teams, languages, products, capacity, availability, load). */
export function TeamsPage() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const teams = useLoad(() => inboxApi.teams(workspace.id).then((r) => r.teams), [workspace.id]);
  const agents = useLoad(() => inboxApi.agents(workspace.id).then((r) => r.agents), [workspace.id]);
  const [name, setName] = useState('');
  const [skills, setSkills] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<Team | null>(null);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      if (done) setNotice(done);
      teams.reload();
      agents.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SettingsPanel title={t('inboxSettings.teams.title')} intro={t('inboxSettings.teams.intro')}>
      <Notice kind="error">{error}</Notice>
      <Notice kind="success">{notice}</Notice>
      <form
        className="card form-card inline-form"
        aria-label={t('inboxSettings.teams.add')}
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => inboxApi.createTeam(workspace.id, { name: name.trim(), skills: list(skills) }), t('inboxSettings.teams.created', { name: name.trim() })).then(() => {
            setName('');
            setSkills('');
          });
        }}
      >
        <div className="field">
          <label htmlFor="team-name">{t('inboxSettings.teams.name')}</label>
          <input id="team-name" type="text" value={name} required maxLength={80} placeholder={t('inboxSettings.teams.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="team-skills">{t('inboxSettings.teams.skills')}</label>
          <input id="team-skills" type="text" value={skills} placeholder="card, loan" onChange={(e) => setSkills(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {t('inboxSettings.teams.add')}
        </button>
      </form>

      {teams.data && teams.data.length > 0 && (
        <ul className="team-list" data-testid="team-list">
          {teams.data.map((team) => (
            <TeamRow
              key={team.id}
              team={team}
              busy={busy}
              agents={agents.data ?? []}
              onSave={(patch) => void run(() => inboxApi.updateTeam(workspace.id, team.id, patch), t('inboxSettings.savedNamed', { name: patch.name ?? team.name }))}
              onRemove={() => setRemoving(team)}
            />
          ))}
        </ul>
      )}

      <h3 className="section-title">{t('inboxSettings.agents.title')}</h3>
      <p className="muted small">{t('inboxSettings.agents.intro')}</p>
      <LoadState load={agents}>
        {(shown) => (
          <div className="table-wrap">
            <table className="table stack" data-testid="agents-table">
              <thead>
                <tr>
                  <th>{t('inboxSettings.agents.name')}</th>
                  <th>{t('inboxSettings.agents.teams')}</th>
                  <th>{t('inboxSettings.agents.languages')}</th>
                  <th>{t('inboxSettings.agents.products')}</th>
                  <th>{t('inboxSettings.agents.capacity')}</th>
                  <th>{t('inboxSettings.agents.availability')}</th>
                  <th>{t('inboxSettings.agents.load')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <AgentRow key={a.userId} agent={a} teams={teams.data ?? []} busy={busy} onSave={(patch) => void run(() => inboxApi.updateAgent(workspace.id, a.userId, patch), t('inboxSettings.savedNamed', { name: a.name }))} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
      {removing && (
        <ConfirmDialog
          title={t('inboxSettings.teams.deleteTitle')}
          body={t('inboxSettings.teams.deleteBody', { name: removing.name })}
          confirm={t('inboxSettings.delete')}
          danger
          busy={busy}
          onClose={() => setRemoving(null)}
          onConfirm={() => void run(() => inboxApi.deleteTeam(workspace.id, removing.id)).then(() => setRemoving(null))}
        />
      )}
    </SettingsPanel>
  );
}

function TeamRow({ team, agents, busy, onSave, onRemove }: { team: Team; agents: Agent[]; busy: boolean; onSave(p: { name?: string; skills?: string[] }): void; onRemove(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(team.name);
  const [skills, setSkills] = useState(team.skills.join(', '));
  const members = agents.filter((a) => a.teamIds.includes(team.id));
  const changed = name.trim() !== team.name || list(skills).join(',') !== team.skills.join(',');
  return (
    <li className="card team-row">
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`team-${team.id}-name`}>{t('inboxSettings.teams.name')}</label>
          <input id={`team-${team.id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`team-${team.id}-skills`}>{t('inboxSettings.teams.skills')}</label>
          <input id={`team-${team.id}-skills`} type="text" value={skills} onChange={(e) => setSkills(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-small" disabled={busy || !changed || !name.trim()} onClick={() => onSave({ name: name.trim(), skills: list(skills) })}>
            {t('inboxSettings.save')}
          </button>
          <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={onRemove}>
            {t('inboxSettings.delete')}
          </button>
        </div>
      </div>
      <p className="small muted">{members.length ? t('inboxSettings.teams.members', { names: members.map((m) => m.name).join(', ') }) : t('inboxSettings.teams.noMembers')}</p>
    </li>
  );
}

function AgentRow({ agent, teams, busy, onSave }: { agent: Agent; teams: Team[]; busy: boolean; onSave(p: Parameters<typeof inboxApi.updateAgent>[2]): void }) {
  const { t } = useI18n();
  const [teamIds, setTeamIds] = useState(agent.teamIds);
  const [languages, setLanguages] = useState(agent.skills.languages.join(', '));
  const [products, setProducts] = useState(agent.skills.products.join(', '));
  const [capacity, setCapacity] = useState(agent.capacity === null ? '' : String(agent.capacity));
  const [availability, setAvailability] = useState<Availability>(agent.availability);
  const toggle = (id: string) => setTeamIds((old) => (old.includes(id) ? old.filter((x) => x !== id) : [...old, id]));
  const id = (k: string) => `agent-${agent.userId}-${k}`;
  return (
    <tr>
      <td data-label={t('inboxSettings.agents.name')}>
        <strong>{agent.name}</strong>
        <span className="block muted small">{agent.email}</span>
        {!agent.configured && <span className="badge badge-muted">{t('inboxSettings.agents.defaults')}</span>}
      </td>
      <td data-label={t('inboxSettings.agents.teams')}>
        {teams.length === 0 ? (
          <span className="muted small">{t('inboxSettings.agents.noTeams')}</span>
        ) : (
          <fieldset className="check-list">
            <legend className="visually-hidden">{t('inboxSettings.agents.teamsOf', { name: agent.name })}</legend>
            {teams.map((team) => (
              <label key={team.id} className="check-label small">
                <input type="checkbox" checked={teamIds.includes(team.id)} onChange={() => toggle(team.id)} />
                {team.name}
              </label>
            ))}
          </fieldset>
        )}
      </td>
      <td data-label={t('inboxSettings.agents.languages')}>
        <input id={id('lang')} type="text" className="narrow-input" aria-label={t('inboxSettings.agents.languagesOf', { name: agent.name })} value={languages} onChange={(e) => setLanguages(e.target.value)} />
      </td>
      <td data-label={t('inboxSettings.agents.products')}>
        <input id={id('prod')} type="text" className="narrow-input" aria-label={t('inboxSettings.agents.productsOf', { name: agent.name })} value={products} onChange={(e) => setProducts(e.target.value)} />
      </td>
      <td data-label={t('inboxSettings.agents.capacity')}>
        <input id={id('cap')} type="number" min={0} max={500} className="num-input" aria-label={t('inboxSettings.agents.capacityOf', { name: agent.name })} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
      </td>
      <td data-label={t('inboxSettings.agents.availability')}>
        <select aria-label={t('inboxSettings.agents.availabilityOf', { name: agent.name })} value={availability} onChange={(e) => setAvailability(e.target.value as Availability)}>
          {AVAILABILITY.map((a) => (
            <option key={a} value={a}>
              {t(`inbox.availability.${a}`)}
            </option>
          ))}
        </select>
      </td>
      <td data-label={t('inboxSettings.agents.load')}>{agent.load}</td>
      <td className="row-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => onSave({ teamIds, skills: { languages: list(languages), products: list(products) }, ...(capacity.trim() ? { capacity: Number(capacity) } : {}), availability })}
        >
          {t('inboxSettings.save')}
        </button>
      </td>
    </tr>
  );
}
