import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { allows, assertCan, type Scope } from '../../platform/access/scope.js';
import { DEFAULT_AGENT, jsonbMinus, loads, toSkills } from './assign.js';
import type { AgentSkills, InboxTables, InboxDb } from './inbox.tables.js';
import type { AgentView, TeamView } from '../../contracts/inbox.js';

export type { AgentView, TeamView };

type Db = InboxDb;
type Availability = InboxTables['agents']['availability'];
const UUID = /^[0-9a-f-]{36}$/i;

export interface AgentPatch {
  teamIds?: string[];
  skills?: Partial<AgentSkills>;
  capacity?: number;
  availability?: Availability;
}

const clean = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter(Boolean))];

export class TeamsService {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables(store);
  }

  async listTeams(scope: Scope): Promise<TeamView[]> {
    assertCan(scope, 'inbox.read');
    const [teams, agents] = await Promise.all([
      this.db.selectFrom('teams').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('name').execute(),
      this.db.selectFrom('agents').select(['user_id', 'team_ids']).where('workspace_id', '=', scope.workspaceId).execute(),
    ]);
    return teams.map((t) => ({ id: t.id, name: t.name, skills: t.skills, memberIds: agents.filter((a) => a.team_ids.includes(t.id)).map((a) => a.user_id), createdAt: new Date(t.created_at).toISOString() }));
  }

  private async team(scope: Scope, id: string): Promise<TeamView> {
    const t = (await this.listTeams(scope)).find((x) => x.id === id);
    if (!t) throw notFound('team.not_found', 'No such team.');
    return t;
  }

  async createTeam(scope: Scope, input: { name: string; skills?: string[] }): Promise<TeamView> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const name = input.name.trim();
      const taken = await trx.selectFrom('teams').select('id').where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
      if (taken) throw conflict('team.name_taken', 'A team with that name already exists.');
      await trx
        .insertInto('teams')
        .values({ id, workspace_id: scope.workspaceId, name, skills: jsonParam(clean(input.skills ?? [])), created_at: now, rr_cursor: null })
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'team.created', targetType: 'team', targetId: id, after: { name, skills: input.skills ?? [] }, at: now });
    });
    return this.team(scope, id);
  }

  async updateTeam(scope: Scope, id: string, input: { name?: string; skills?: string[] }): Promise<TeamView> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = UUID.test(id) ? await trx.selectFrom('teams').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!before) throw notFound('team.not_found', 'No such team.');
      const name = input.name?.trim() ?? before.name;
      if (name !== before.name) {
        const taken = await trx.selectFrom('teams').select('id').where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
        if (taken) throw conflict('team.name_taken', 'A team with that name already exists.');
      }
      const skills = input.skills ? clean(input.skills) : before.skills;
      await trx
        .updateTable('teams')
        .set({ name, skills: jsonParam(skills) })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'team.updated', targetType: 'team', targetId: id, before: { name: before.name, skills: before.skills }, after: { name, skills }, at: now });
    });
    return this.team(scope, id);
  }

  async deleteTeam(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = UUID.test(id) ? await trx.selectFrom('teams').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!before) throw notFound('team.not_found', 'No such team.');
      await trx
        .updateTable('agents')
        .set({ team_ids: jsonbMinus(id) })
        .where('workspace_id', '=', scope.workspaceId)
        .execute();
      await trx.deleteFrom('teams').where('id', '=', id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'team.deleted', targetType: 'team', targetId: id, before: { name: before.name }, at: now });
    });
  }

  /** Every active member as an agent; e-mail addresses only for callers who may read users. */
  async listAgents(scope: Scope): Promise<AgentView[]> {
    assertCan(scope, 'inbox.read');
    const list = await this.agents(this.db, scope.workspaceId);
    return allows(scope, 'users.read') ? list : list.map((a) => ({ ...a, email: null }));
  }

  private async agents(db: Db, workspaceId: string, userId?: string): Promise<AgentView[]> {
    let q = db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('agents as g', (j) => j.onRef('g.user_id', '=', 'm.user_id').onRef('g.workspace_id', '=', 'm.workspace_id'))
      .select(['m.user_id', 'm.role', 'u.name', 'u.email', 'g.team_ids', 'g.skills', 'g.capacity', 'g.availability', 'g.last_assigned_at', 'g.user_id as agent_id'])
      .where('m.workspace_id', '=', workspaceId)
      .where('m.status', '=', 'active');
    if (userId) q = q.where('m.user_id', '=', userId);
    const [rows, load] = await Promise.all([q.orderBy('u.name').execute(), loads(db, workspaceId)]);
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      role: r.role,
      teamIds: r.team_ids ?? DEFAULT_AGENT.teamIds,
      skills: r.agent_id ? toSkills(r.skills) : DEFAULT_AGENT.skills,
      capacity: r.capacity ?? DEFAULT_AGENT.capacity,
      availability: r.availability ?? DEFAULT_AGENT.availability,
      load: load.get(r.user_id) ?? 0,
      lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at).toISOString() : null,
      configured: r.agent_id !== null,
    }));
  }

  /** Agent settings; a member may change their own availability, the rest needs inbox.manage. */
  async updateAgent(scope: Scope, userId: string, patch: AgentPatch): Promise<AgentView> {
    const self = userId === 'me' || userId === scope.actor.userId;
    const onlyAvailability = Object.keys(patch).every((k) => k === 'availability');
    assertCan(scope, self && onlyAvailability ? 'inbox.reply' : 'inbox.manage');
    const id = userId === 'me' ? scope.actor.userId : userId;
    if (!id || !UUID.test(id)) throw notFound('agent.not_found', 'No such member.');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const [before] = await this.agents(trx, scope.workspaceId, id);
      if (!before) throw notFound('agent.not_found', 'No such member.');
      const teamIds = patch.teamIds ? clean(patch.teamIds) : before.teamIds;
      if (patch.teamIds?.length) {
        const found = await trx
          .selectFrom('teams')
          .select('id')
          .where('workspace_id', '=', scope.workspaceId)
          .where('id', 'in', teamIds.filter((t) => UUID.test(t)).concat(['00000000-0000-0000-0000-000000000000']))
          .execute();
        const missing = teamIds.find((t) => !found.some((f) => f.id === t));
        if (missing) throw invalid('agent.unknown_team', `No such team: ${missing}.`, 'teamIds');
      }
      const skills: AgentSkills = { languages: clean(patch.skills?.languages ?? before.skills.languages), products: clean(patch.skills?.products ?? before.skills.products) };
      const row = { team_ids: jsonParam(teamIds), skills: jsonParam(skills), capacity: patch.capacity ?? before.capacity, availability: patch.availability ?? before.availability };
      await trx
        .insertInto('agents')
        .values({ workspace_id: scope.workspaceId, user_id: id, ...row, last_assigned_at: null })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(row))
        .execute();
      const pick = (a: AgentView) => ({ teamIds: a.teamIds, skills: a.skills, capacity: a.capacity, availability: a.availability });
      const [after] = await this.agents(trx, scope.workspaceId, id);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: self && onlyAvailability ? 'agent.availability_changed' : 'agent.updated',
        targetType: 'user',
        targetId: id,
        before: pick(before),
        after: pick(after!),
        at: now,
      });
      return after!;
    });
  }
}
