import { describe, expect, it } from 'vitest';
import { chooseAgent, chooseAgents, type Agent } from './assignment.js';

const agent = (id: string, over: Partial<Agent> = {}): Agent => ({
  id,
  teams: ['cs'],
  skills: { languages: ['ko'], products: ['card'] },
  maxOpen: 5,
  availability: 'online',
  load: 0,
  ...over,
});

const team = [agent('a'), agent('b', { load: 2 }), agent('c', { load: 1 })];

describe('round robin', () => {
  it('starts with the first agent by id and moves past the cursor, wrapping around', () => {
    expect(chooseAgent(team, { teamId: 'cs', strategy: 'round_robin' })).toMatchObject({ ok: true, agentId: 'a', cursor: 'a' });
    expect(chooseAgent(team, { teamId: 'cs', strategy: 'round_robin', cursor: 'a' })).toMatchObject({ agentId: 'b' });
    expect(chooseAgent(team, { teamId: 'cs', strategy: 'round_robin', cursor: 'c' })).toMatchObject({ agentId: 'a' });
  });

  it('does not depend on the order agents are given in', () => {
    expect(chooseAgent([...team].reverse(), { teamId: 'cs', strategy: 'round_robin', cursor: 'a' })).toMatchObject({ agentId: 'b' });
  });

  it('survives the cursor agent leaving the team', () => {
    expect(chooseAgent(team, { teamId: 'cs', strategy: 'round_robin', cursor: 'bb' })).toMatchObject({ agentId: 'c' });
  });

  it('skips agents that are not eligible and says why', () => {
    const agents = [agent('a'), agent('b', { availability: 'away' }), agent('c', { load: 5 }), agent('d', { skills: { languages: ['en'], products: ['card'] } })];
    const r = chooseAgent(agents, { teamId: 'cs', strategy: 'round_robin', cursor: 'a', language: 'ko' });
    expect(r).toMatchObject({ ok: true, agentId: 'a' });
    expect(r.rejected).toEqual([
      { agentId: 'b', reason: 'away' },
      { agentId: 'c', reason: 'at_capacity' },
      { agentId: 'd', reason: 'missing_language' },
    ]);
  });

  it('spreads a batch evenly and keeps a cursor per team', () => {
    const agents = [...team, agent('x', { teams: ['vip'] }), agent('y', { teams: ['vip'] })];
    const reqs = ['cs', 'cs', 'vip', 'cs', 'cs', 'vip'].map((teamId) => ({ teamId, strategy: 'round_robin' as const }));
    const { results, cursors } = chooseAgents(agents, reqs, { vip: 'x' });
    expect(results.map((r) => (r.ok ? r.agentId : r.reason))).toEqual(['a', 'b', 'y', 'c', 'a', 'x']);
    expect(cursors).toEqual({ cs: 'a', vip: 'x' });
  });
});

describe('least loaded', () => {
  it('picks the lowest utilisation, not the lowest count', () => {
    const agents = [agent('a', { load: 3, maxOpen: 10 }), agent('b', { load: 2, maxOpen: 4 })];
    expect(chooseAgent(agents, { teamId: 'cs', strategy: 'least_loaded' })).toMatchObject({ agentId: 'a' });
  });

  it('breaks ties by load, then longest idle (never assigned first), then id', () => {
    const t = (s: string) => new Date(s);
    expect(chooseAgent([agent('a', { load: 2, maxOpen: 4 }), agent('b', { load: 1, maxOpen: 2 })], { teamId: 'cs', strategy: 'least_loaded' })).toMatchObject({ agentId: 'b' });
    const idle = [agent('a', { lastAssignedAt: t('2025-02-03T10:00:00Z') }), agent('b', { lastAssignedAt: t('2025-02-03T09:00:00Z') }), agent('c', { lastAssignedAt: t('2025-02-03T11:00:00Z') })];
    expect(chooseAgent(idle, { teamId: 'cs', strategy: 'least_loaded' })).toMatchObject({ agentId: 'b' });
    expect(chooseAgent([...idle, agent('d')], { teamId: 'cs', strategy: 'least_loaded' })).toMatchObject({ agentId: 'd' });
    expect(chooseAgent([agent('z'), agent('m')], { teamId: 'cs', strategy: 'least_loaded' })).toMatchObject({ agentId: 'm' });
  });

  it('treats unlimited capacity as empty', () => {
    expect(chooseAgent([agent('a', { load: 1 }), agent('b', { maxOpen: null, load: 40 })], { teamId: 'cs', strategy: 'least_loaded' })).toMatchObject({ agentId: 'b' });
  });

  it('fills up a batch until everyone is at capacity, then queues', () => {
    const agents = [agent('a', { maxOpen: 2 }), agent('b', { maxOpen: 1 })];
    const { results } = chooseAgents(
      agents,
      Array.from({ length: 4 }, () => ({ teamId: 'cs', strategy: 'least_loaded' as const })),
      {},
      new Date('2025-02-03T00:00:00Z'),
    );
    expect(results.map((r) => (r.ok ? r.agentId : r.reason))).toEqual(['a', 'b', 'a', 'all_at_capacity']);
    expect(agents[0]!.load).toBe(0); // the input is not mutated
  });
});

describe('skills, availability and capacity', () => {
  it('matches languages on the primary subtag and requires every product', () => {
    const agents = [agent('a', { skills: { languages: ['ko-KR', 'en'], products: ['Card', 'loan'] } }), agent('b')];
    expect(chooseAgent(agents, { teamId: 'cs', strategy: 'round_robin', language: 'en-US', products: ['card', 'LOAN'] })).toMatchObject({ agentId: 'a' });
    expect(chooseAgent(agents, { teamId: 'cs', strategy: 'round_robin', cursor: 'a', products: ['card'] })).toMatchObject({ agentId: 'b' });
  });

  it('considers away agents only when asked; never offline ones', () => {
    const agents = [agent('a', { availability: 'away' }), agent('b', { availability: 'offline' })];
    expect(chooseAgent(agents, { teamId: 'cs', strategy: 'round_robin' })).toMatchObject({ ok: false, reason: 'none_available' });
    expect(chooseAgent(agents, { teamId: 'cs', strategy: 'round_robin', includeAway: true })).toMatchObject({ ok: true, agentId: 'a' });
  });

  it('excludes named agents', () => {
    expect(chooseAgent(team, { teamId: 'cs', strategy: 'round_robin', excludeAgentIds: ['a'] })).toMatchObject({ agentId: 'b' });
  });
});

describe('when nobody can take it', () => {
  const req = { teamId: 'cs', strategy: 'least_loaded' as const, cursor: 'b' };
  it('no agents in the team', () => {
    const r = chooseAgent([agent('x', { teams: ['vip'] })], req);
    expect(r).toEqual({ ok: false, reason: 'no_agents_in_team', message: 'the team has no agents', cursor: 'b', rejected: [] });
    expect(chooseAgent([], req)).toMatchObject({ reason: 'no_agents_in_team' });
  });

  it('nobody with the skills', () => {
    expect(chooseAgent(team, { ...req, language: 'ja' })).toMatchObject({ ok: false, reason: 'no_skilled_agent' });
    expect(chooseAgent(team, { ...req, products: ['insurance'] })).toMatchObject({ ok: false, reason: 'no_skilled_agent' });
  });

  it('skilled agents exist but none is available', () => {
    const agents = [agent('a', { availability: 'offline' }), agent('b', { skills: { languages: ['en'], products: [] } })];
    expect(chooseAgent(agents, { ...req, language: 'ko' })).toMatchObject({ ok: false, reason: 'none_available' });
  });

  it('all at capacity: the conversation stays in the team queue', () => {
    const agents = [agent('a', { load: 5 }), agent('b', { load: 7 }), agent('c', { availability: 'offline' })];
    const r = chooseAgent(agents, req);
    expect(r).toMatchObject({ ok: false, reason: 'all_at_capacity', cursor: 'b' });
    expect(!r.ok && r.message).toMatch(/team queue/);
    expect(chooseAgent([agent('a', { maxOpen: 0 })], req)).toMatchObject({ reason: 'all_at_capacity' });
  });
});
