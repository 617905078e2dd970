import { sql } from 'kysely';
import { chooseAgent, type Agent, type AssignmentResult, type Strategy } from './domain/assignment.js';
import type { AgentSkills, InboxDb } from './inbox.tables.js';

type Db = InboxDb;

export const DEFAULT_AGENT = { teamIds: [] as string[], skills: { languages: ['ko'], products: [] as string[] }, capacity: 10, availability: 'offline' as const };
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i;

/** Stored skills as { languages, products }; an older plain list splits into language codes and products. */
export function toSkills(raw: unknown): AgentSkills {
  if (Array.isArray(raw)) {
    const list = raw.filter((x): x is string => typeof x === 'string');
    return { languages: list.filter((x) => LANGUAGE.test(x) && x.length <= 3), products: list.filter((x) => !(LANGUAGE.test(x) && x.length <= 3)) };
  }
  const o = (raw ?? {}) as Partial<AgentSkills>;
  return { languages: Array.isArray(o.languages) ? o.languages : [], products: Array.isArray(o.products) ? o.products : [] };
}

/** Conversations that count towards an agent's load: assigned and not resolved or closed (optionally only some agents). */
export async function loads(db: Db, workspaceId: string, agentIds?: string[]): Promise<Map<string, number>> {
  if (agentIds && !agentIds.length) return new Map();
  let q = db
    .selectFrom('conversations')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', ['open', 'pending', 'snoozed']);
  q = agentIds ? q.where('assignee_id', 'in', agentIds) : q.where('assignee_id', 'is not', null);
  const rows = await q.groupBy('assignee_id').execute();
  return new Map(rows.map((r) => [r.assignee_id!, Number(r.n)]));
}

/** The workspace's agents (active members with agent settings; of one team if given) as the domain sees them. */
export async function agentPool(db: Db, workspaceId: string, teamId?: string): Promise<Agent[]> {
  let q = db
    .selectFrom('agents as g')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'g.user_id').onRef('m.workspace_id', '=', 'g.workspace_id'))
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.user_id', 'g.team_ids', 'g.skills', 'g.capacity', 'g.availability', 'g.last_assigned_at', 'u.name'])
    .where('g.workspace_id', '=', workspaceId)
    .where('m.status', '=', 'active');
  if (teamId) q = q.where(sql<boolean>`g.team_ids @> ${JSON.stringify([teamId])}::jsonb`);
  const rows = await q.execute();
  const load = await loads(
    db,
    workspaceId,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({
    id: r.user_id,
    name: r.name,
    teams: r.team_ids,
    skills: toSkills(r.skills),
    maxOpen: r.capacity,
    availability: r.availability,
    load: load.get(r.user_id) ?? 0,
    ...(r.last_assigned_at ? { lastAssignedAt: new Date(r.last_assigned_at) } : {}),
  }));
}

/** One team's agents during a transaction: locked, loaded once, loads and cursor kept up to date. */
export interface TeamPool {
  agents: Agent[];
  cursor: string | null;
  assigned: Map<string, Date>;
}
export type Pools = Map<string, TeamPool>;

/**
 * Chooses an agent in a team. Call inside the transaction that assigns, after locking the
 * conversation: the team row is locked (once per transaction), so concurrent assignments in one team
 * take turns and capacity holds. Several picks in one transaction share `pools`; `savePools` writes
 * the round-robin cursors and last-assignment times at the end.
 */
export async function pickAgent(db: Db, workspaceId: string, req: { teamId: string; strategy: Strategy; language?: string }, now: Date, pools: Pools): Promise<AssignmentResult> {
  let pool = pools.get(req.teamId);
  if (!pool) {
    const team = await db.selectFrom('teams').select(['id', 'rr_cursor']).where('workspace_id', '=', workspaceId).where('id', '=', req.teamId).forUpdate().executeTakeFirst();
    if (!team) return { ok: false, reason: 'no_agents_in_team', message: 'no such team', rejected: [] };
    pools.set(team.id, (pool = { agents: await agentPool(db, workspaceId, team.id), cursor: team.rr_cursor, assigned: new Map() }));
  }
  const language = req.language && ['ko', 'en'].includes(req.language.split('-')[0]!.toLowerCase()) ? req.language : undefined;
  // Agents without any language listed are not filtered by language (the team decides who speaks what).
  const considered = language ? pool.agents.map((a) => (a.skills.languages.length ? a : { ...a, skills: { ...a.skills, languages: [language] } })) : pool.agents;
  const r = chooseAgent(considered, { teamId: req.teamId, strategy: req.strategy, ...(language ? { language } : {}), ...(pool.cursor ? { cursor: pool.cursor } : {}) });
  if (r.ok) {
    pool.cursor = r.cursor;
    pool.assigned.set(r.agentId, now);
    // The same person may be in several teams' pools: their load grows everywhere.
    for (const p of pools.values()) {
      for (const a of p.agents) {
        if (a.id !== r.agentId) continue;
        a.load += 1;
        a.lastAssignedAt = now;
      }
    }
  }
  return r;
}

/** Writes what `pickAgent` decided: each team's cursor and the agents' last assignment times. */
export async function savePools(db: Db, workspaceId: string, pools: Pools): Promise<void> {
  const last = new Map<string, Date>();
  for (const [teamId, p] of pools) {
    if (!p.assigned.size) continue;
    await db.updateTable('teams').set({ rr_cursor: p.cursor }).where('id', '=', teamId).execute();
    for (const [agentId, at] of p.assigned) last.set(agentId, at);
  }
  for (const [agentId, at] of last) await db.updateTable('agents').set({ last_assigned_at: at }).where('workspace_id', '=', workspaceId).where('user_id', '=', agentId).execute();
}

/** Whether a user is an active member of the workspace (a valid assignee). */
export async function isActiveMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst();
  return !!row;
}

export const jsonbMinus = (teamId: string) => sql<string[]>`team_ids - ${teamId}`;
