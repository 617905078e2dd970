import type { FastifyInstance } from 'fastify';
import type { InboxServices } from './inbox.js';
import { PROPOSAL_STATUSES } from './canned.proposals.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { RuleInput } from './rules.service.js';
import type { SlaPolicyInput } from './sla.policies.js';
import type { AgentPatch } from './teams.service.js';
import {
  agentPatchBody,
  availabilityBody,
  cannedCreateBody,
  cannedPatchBody,
  idParams,
  renderBody,
  ruleCreateBody,
  ruleOrderBody,
  rulePatchBody,
  rulePreviewBody,
  ruleRestoreBody,
  slaCreateBody,
  slaPatchBody,
  teamCreateBody,
  teamPatchBody,
} from './inbox.schemas.js';

/** Routing rules, teams and agents, SLA policies, canned replies: validate → service → view. */
/** The services these routes use (the composition root passes all of its own). */
export interface InboxAdminRouteServices {
  scopeOf: ScopeOf;
  inbox: InboxServices;
}

export function inboxAdminRoutes(app: FastifyInstance, s: InboxAdminRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['inbox'];
  const base = '/api/v1/w/:workspaceId/inbox';
  const { rules, teams, policies, canned, proposals } = s.inbox;
  const param = (req: { params: unknown }, name: string) => (req.params as Record<string, string>)[name]!;

  // ---- routing rules ----
  const ruleParams = idParams('ruleId');
  app.get(`${base}/rules`, { schema: { tags, summary: 'Routing rules in evaluation order', params: workspaceParams } }, async (req) => ({ rules: await rules.list(await scopeOf(req)) }));
  app.post(`${base}/rules`, { schema: { tags, summary: 'Create a routing rule (validated; version 1)', params: workspaceParams, body: ruleCreateBody } }, async (req, reply) =>
    reply.status(201).send({ rule: await rules.create(await scopeOf(req), req.body as RuleInput) }),
  );
  app.post(`${base}/rules/preview`, { schema: { tags, summary: 'Test a draft rule against the latest items of recent conversations (trace per item)', params: workspaceParams, body: rulePreviewBody } }, async (req) => {
    const scope = await scopeOf(req);
    const b = req.body as { rule: RuleInput; limit: number };
    return rules.preview(scope, b.rule, b.limit);
  });
  app.put(`${base}/rules/order`, { schema: { tags, summary: 'Reorder the rules (every rule id, in the new order)', params: workspaceParams, body: ruleOrderBody } }, async (req) => ({
    rules: await rules.reorder(await scopeOf(req), (req.body as { ruleIds: string[] }).ruleIds),
  }));
  app.get(`${base}/rules/:ruleId`, { schema: { tags, summary: 'A routing rule with all its versions', params: ruleParams } }, async (req) => rules.get(await scopeOf(req), param(req, 'ruleId')));
  app.patch(`${base}/rules/:ruleId`, { schema: { tags, summary: 'Change a rule (a new version when the definition changes), enable/disable or move it', params: ruleParams, body: rulePatchBody } }, async (req) => ({
    rule: await rules.update(await scopeOf(req), param(req, 'ruleId'), req.body as RuleInput),
  }));
  app.post(`${base}/rules/:ruleId/restore`, { schema: { tags, summary: 'Make an earlier version current again (as a new version)', params: ruleParams, body: ruleRestoreBody } }, async (req) => ({
    rule: await rules.restore(await scopeOf(req), param(req, 'ruleId'), (req.body as { version: number }).version),
  }));
  app.delete(`${base}/rules/:ruleId`, { schema: { tags, summary: 'Delete a routing rule', params: ruleParams } }, async (req, reply) => {
    await rules.remove(await scopeOf(req), param(req, 'ruleId'));
    return reply.status(204).send();
  });

  // ---- teams and agents ----
  const teamParams = idParams('teamId');
  app.get(`${base}/teams`, { schema: { tags, summary: 'Teams with their members', params: workspaceParams } }, async (req) => ({ teams: await teams.listTeams(await scopeOf(req)) }));
  app.post(`${base}/teams`, { schema: { tags, summary: 'Create a team', params: workspaceParams, body: teamCreateBody } }, async (req, reply) =>
    reply.status(201).send({ team: await teams.createTeam(await scopeOf(req), req.body as { name: string; skills?: string[] }) }),
  );
  app.patch(`${base}/teams/:teamId`, { schema: { tags, summary: 'Rename a team or change its skills', params: teamParams, body: teamPatchBody } }, async (req) => ({
    team: await teams.updateTeam(await scopeOf(req), param(req, 'teamId'), req.body as { name?: string; skills?: string[] }),
  }));
  app.delete(`${base}/teams/:teamId`, { schema: { tags, summary: 'Delete a team (its conversations keep no team)', params: teamParams } }, async (req, reply) => {
    await teams.deleteTeam(await scopeOf(req), param(req, 'teamId'));
    return reply.status(204).send();
  });
  app.get(`${base}/agents`, { schema: { tags, summary: 'Every member as an agent: teams, skills, capacity, availability, current load', params: workspaceParams } }, async (req) => ({ agents: await teams.listAgents(await scopeOf(req)) }));
  app.put(`${base}/agents/me/availability`, { schema: { tags, summary: 'Set my own availability (online, away, offline)', params: workspaceParams, body: availabilityBody } }, async (req) => ({
    agent: await teams.updateAgent(await scopeOf(req), 'me', req.body as AgentPatch),
  }));
  app.patch(`${base}/agents/:userId`, { schema: { tags, summary: "An agent's teams, skills, capacity and availability", params: idParams('userId'), body: agentPatchBody } }, async (req) => ({
    agent: await teams.updateAgent(await scopeOf(req), param(req, 'userId'), req.body as AgentPatch),
  }));

  // ---- SLA policies ----
  const policyParams = idParams('policyId');
  app.get(`${base}/sla-policies`, { schema: { tags, summary: 'SLA policies (the defaults are created on first use)', params: workspaceParams } }, async (req) => ({ policies: await policies.list(await scopeOf(req)) }));
  app.post(`${base}/sla-policies`, { schema: { tags, summary: 'Create an SLA policy', params: workspaceParams, body: slaCreateBody } }, async (req, reply) =>
    reply.status(201).send({ policy: await policies.create(await scopeOf(req), req.body as SlaPolicyInput & { name: string }) }),
  );
  app.patch(`${base}/sla-policies/:policyId`, { schema: { tags, summary: 'Change an SLA policy', params: policyParams, body: slaPatchBody } }, async (req) => ({
    policy: await policies.update(await scopeOf(req), param(req, 'policyId'), req.body as SlaPolicyInput),
  }));
  app.delete(`${base}/sla-policies/:policyId`, { schema: { tags, summary: 'Delete an SLA policy (not the default)', params: policyParams } }, async (req, reply) => {
    await policies.remove(await scopeOf(req), param(req, 'policyId'));
    return reply.status(204).send();
  });

  // ---- canned replies ----
  const cannedParams = idParams('cannedReplyId');
  app.get(
    `${base}/canned-replies`,
    {
      schema: { tags, summary: 'Canned replies (q: name or text contains)', params: workspaceParams, querystring: { type: 'object', additionalProperties: false, properties: { q: { type: 'string', maxLength: 200 } } } },
    },
    async (req) => ({ cannedReplies: await canned.list(await scopeOf(req), (req.query as { q?: string }).q) }),
  );
  app.post(`${base}/canned-replies`, { schema: { tags, summary: 'Create a canned reply (template with variables)', params: workspaceParams, body: cannedCreateBody } }, async (req, reply) =>
    reply.status(201).send({ cannedReply: await canned.create(await scopeOf(req), req.body as { name: string; text: string; language?: string }) }),
  );
  app.patch(`${base}/canned-replies/:cannedReplyId`, { schema: { tags, summary: 'Change a canned reply', params: cannedParams, body: cannedPatchBody } }, async (req) => ({
    cannedReply: await canned.update(await scopeOf(req), param(req, 'cannedReplyId'), req.body as { name?: string; text?: string; language?: string }),
  }));
  app.delete(`${base}/canned-replies/:cannedReplyId`, { schema: { tags, summary: 'Delete a canned reply', params: cannedParams } }, async (req, reply) => {
    await canned.remove(await scopeOf(req), param(req, 'cannedReplyId'));
    return reply.status(204).send();
  });
  // ---- canned replies proposed from the bank's knowledge (microblog posts), approved by compliance ----
  const proposalParams = idParams('proposalId');
  app.get(
    `${base}/canned-proposals`,
    {
      schema: {
        tags,
        summary: 'Canned replies proposed from microblog posts (newest first)',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...PROPOSAL_STATUSES] } } },
      },
    },
    async (req) => ({ proposals: await proposals.list(await scopeOf(req), (req.query as { status?: string }).status) }),
  );
  app.post(
    `${base}/canned-proposals/:proposalId/approve`,
    {
      schema: {
        tags,
        summary: 'Approve a proposal (compliance): it becomes a canned reply, with the name and text as edited',
        params: proposalParams,
        body: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, text: { type: 'string', minLength: 1, maxLength: 5000 } } },
      },
    },
    async (req) => ({ proposal: await proposals.approve(await scopeOf(req), param(req, 'proposalId'), req.body as { name?: string; text?: string }) }),
  );
  app.post(
    `${base}/canned-proposals/:proposalId/reject`,
    {
      schema: { tags, summary: 'Reject a proposal (compliance), with a note', params: proposalParams, body: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } } },
    },
    async (req) => ({ proposal: await proposals.reject(await scopeOf(req), param(req, 'proposalId'), (req.body as { note?: string }).note ?? '') }),
  );
  app.post(`${base}/canned-replies/:cannedReplyId/render`, { schema: { tags, summary: 'Render a canned reply for a conversation (customer, agent, team, channel names)', params: cannedParams, body: renderBody } }, async (req) =>
    canned.render(await scopeOf(req), param(req, 'cannedReplyId'), (req.body as { conversationId: string }).conversationId),
  );
}
