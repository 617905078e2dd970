import { sql, type Kysely } from 'kysely';
import type { IdentityTables } from '../identity/identity.store.js';
import { chooseAgent, type Agent, type AssignmentResult, type Strategy } from './domain/assignment.js';
import type { AgentSkills, InboxTables, InboxDb } from './inbox.tables.js';

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

/** Conversations that count towards an agent's load: assigned and not resolved or closed. */
export async function loads(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('conversations')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', 'is not', null)
    .where('status', 'in', ['open', 'pending', 'snoozed'])
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.map((r) => [r.assignee_id!, Number(r.n)]));
}

/** The workspace's agents (active members with agent settings) as the domain sees them. */
export async function agentPool(db: Db, workspaceId: string): Promise<Agent[]> {
  const [rows, load] = await Promise.all([
    db
      .selectFrom('agents as g')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'g.user_id').onRef('m.workspace_id', '=', 'g.workspace_id'))
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select(['g.user_id', 'g.team_ids', 'g.skills', 'g.capacity', 'g.availability', 'g.last_assigned_at', 'u.name'])
      .where('g.workspace_id', '=', workspaceId)
      .where('m.status', '=', 'active')
      .execute(),
    loads(db, workspaceId),
  ]);
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

/**
 * Chooses an agent in a team and records the choice (round-robin cursor, last assignment time). Call
 * inside the transaction that assigns, after locking the conversation: the team row is locked too, so
 * concurrent assignments in one team take turns and capacity holds.
 */
export async function pickAgent(db: Db, workspaceId: string, req: { teamId: string; strategy: Strategy; language?: string }, now: Date): Promise<AssignmentResult> {
  const team = await db.selectFrom('teams').select(['id', 'rr_cursor']).where('workspace_id', '=', workspaceId).where('id', '=', req.teamId).forUpdate().executeTakeFirst();
  if (!team) return { ok: false, reason: 'no_agents_in_team', message: 'no such team', rejected: [] };
  const pool = await agentPool(db, workspaceId);
  const language = req.language && ['ko', 'en'].includes(req.language.split('-')[0]!.toLowerCase()) ? req.language : undefined;
  // Agents without any language listed are not filtered by language (the team decides who speaks what).
  const considered = language ? pool.map((a) => (a.skills.languages.length ? a : { ...a, skills: { ...a.skills, languages: [language] } })) : pool;
  const r = chooseAgent(considered, { teamId: req.teamId, strategy: req.strategy, ...(language ? { language } : {}), ...(team.rr_cursor ? { cursor: team.rr_cursor } : {}) });
  if (r.ok) {
    await db.updateTable('teams').set({ rr_cursor: r.cursor }).where('id', '=', team.id).execute();
    await db.updateTable('agents').set({ last_assigned_at: now }).where('workspace_id', '=', workspaceId).where('user_id', '=', r.agentId).execute();
  }
  return r;
}

/** Whether a user is an active member of the workspace (a valid assignee). */
export async function isActiveMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst();
  return !!row;
}

export const jsonbMinus = (teamId: string) => sql<string[]>`team_ids - ${teamId}`;
