/**
 * Choosing an agent for a conversation within a team. Agents are filtered in stages — team, skills
 * (language, products), availability, capacity — and the strategy picks among those left:
 * - round_robin: the next eligible agent after the cursor, in agent-id order; the cursor (the last
 *   agent chosen) is persisted by the caller per team and passed back in.
 * - least_loaded: the lowest utilisation (load ÷ capacity; unlimited capacity counts as 0), then the
 *   lowest load, then the longest since last assignment (never assigned first), then agent id.
 * When nobody is left the reason names the stage that removed the last candidates; the conversation
 * then stays unassigned in the team queue.
 */

export type Availability = 'online' | 'away' | 'offline';
export type Strategy = 'round_robin' | 'least_loaded';

export interface Agent {
  id: string;
  name?: string;
  teams: readonly string[];
  skills: { languages: readonly string[]; products: readonly string[] };
  /** Maximum open conversations; null = unlimited. */
  maxOpen: number | null;
  availability: Availability;
  /** Open conversations now. */
  load: number;
  /** For least-loaded tie-breaks. */
  lastAssignedAt?: Date;
}

export interface AssignmentRequest {
  teamId: string;
  strategy: Strategy;
  /** The conversation's language ('ko', 'en-US'); matched on the primary subtag. */
  language?: string;
  /** Products the agent must all know ('card', 'loan'). */
  products?: readonly string[];
  /** Round-robin cursor: the id of the agent chosen last in this team. */
  cursor?: string;
  /** Also consider agents who are 'away' (default: online only). */
  includeAway?: boolean;
  /** Agents not to pick (e.g. the one who just declined). */
  excludeAgentIds?: readonly string[];
}

export type RejectReason = 'not_in_team' | 'excluded' | 'missing_language' | 'missing_product' | 'away' | 'offline' | 'at_capacity';

export type NoAgentReason = 'no_agents_in_team' | 'no_skilled_agent' | 'none_available' | 'all_at_capacity';

export type AssignmentResult =
  | { ok: true; agentId: string; strategy: Strategy; cursor: string; rejected: Array<{ agentId: string; reason: RejectReason }> }
  | {
      ok: false;
      reason: NoAgentReason;
      message: string;
      /** Unchanged: nobody was chosen. */
      cursor?: string;
      rejected: Array<{ agentId: string; reason: RejectReason }>;
    };

const primary = (lang: string): string => lang.trim().toLowerCase().split(/[-_]/)[0]!;
const byId = (a: Agent, b: Agent): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function rejectReason(agent: Agent, req: AssignmentRequest): RejectReason | null {
  if (!agent.teams.includes(req.teamId)) return 'not_in_team';
  if (req.excludeAgentIds?.includes(agent.id)) return 'excluded';
  if (req.language && !agent.skills.languages.some((l) => primary(l) === primary(req.language!))) return 'missing_language';
  const products = new Set(agent.skills.products.map((p) => p.toLowerCase()));
  if ((req.products ?? []).some((p) => !products.has(p.toLowerCase()))) return 'missing_product';
  if (agent.availability === 'offline') return 'offline';
  if (agent.availability === 'away' && !req.includeAway) return 'away';
  if (agent.maxOpen !== null && agent.load >= agent.maxOpen) return 'at_capacity';
  return null;
}

const STAGE: Record<RejectReason, number> = { not_in_team: 0, excluded: 1, missing_language: 1, missing_product: 1, away: 2, offline: 2, at_capacity: 3 };
const MESSAGES: Record<NoAgentReason, string> = {
  no_agents_in_team: 'the team has no agents',
  no_skilled_agent: 'no agent in the team has the language and product skills required',
  none_available: 'no agent with the required skills is available',
  all_at_capacity: 'every available agent is at capacity; the conversation waits in the team queue',
};

export function chooseAgent(agents: readonly Agent[], req: AssignmentRequest): AssignmentResult {
  const rejected: Array<{ agentId: string; reason: RejectReason }> = [];
  const eligible: Agent[] = [];
  let furthest = -1;
  for (const agent of [...agents].sort(byId)) {
    const reason = rejectReason(agent, req);
    if (reason === null) {
      eligible.push(agent);
      continue;
    }
    if (reason !== 'not_in_team') rejected.push({ agentId: agent.id, reason });
    furthest = Math.max(furthest, STAGE[reason]);
  }
  if (eligible.length === 0) {
    const reason: NoAgentReason = furthest <= 0 ? 'no_agents_in_team' : furthest === 1 ? 'no_skilled_agent' : furthest === 2 ? 'none_available' : 'all_at_capacity';
    return { ok: false, reason, message: MESSAGES[reason], ...(req.cursor !== undefined ? { cursor: req.cursor } : {}), rejected };
  }
  const chosen = req.strategy === 'round_robin' ? nextAfter(eligible, req.cursor) : leastLoaded(eligible);
  return { ok: true, agentId: chosen.id, strategy: req.strategy, cursor: chosen.id, rejected };
}

/** The first eligible agent whose id sorts after the cursor, wrapping around (works if the cursor's agent left). */
function nextAfter(sorted: readonly Agent[], cursor: string | undefined): Agent {
  if (cursor === undefined) return sorted[0]!;
  return sorted.find((a) => a.id > cursor) ?? sorted[0]!;
}

function utilisation(a: Agent): number {
  return a.maxOpen === null || a.maxOpen <= 0 ? 0 : a.load / a.maxOpen;
}

function leastLoaded(agents: readonly Agent[]): Agent {
  return [...agents].sort((a, b) => {
    const u = utilisation(a) - utilisation(b);
    if (u !== 0) return u;
    if (a.load !== b.load) return a.load - b.load;
    const ta = a.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const tb = b.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return byId(a, b);
  })[0]!;
}

/**
 * Assign several conversations in a row (e.g. draining team queues): each pick raises the chosen
 * agent's load and moves that team's round-robin cursor, so capacity and fairness hold across the batch.
 */
export function chooseAgents(agents: readonly Agent[], requests: readonly Omit<AssignmentRequest, 'cursor'>[], cursors: Readonly<Record<string, string>> = {}, now?: Date): { results: AssignmentResult[]; cursors: Record<string, string> } {
  const pool = agents.map((a) => ({ ...a }));
  const results: AssignmentResult[] = [];
  const next: Record<string, string> = { ...cursors };
  for (const req of requests) {
    const cursor = Object.hasOwn(next, req.teamId) ? next[req.teamId] : undefined;
    const r = chooseAgent(pool, { ...req, ...(cursor !== undefined ? { cursor } : {}) });
    results.push(r);
    if (r.ok) {
      next[req.teamId] = r.cursor;
      const agent = pool.find((a) => a.id === r.agentId)!;
      agent.load += 1;
      if (now) agent.lastAssignedAt = now;
    }
  }
  return { results, cursors: next };
}
