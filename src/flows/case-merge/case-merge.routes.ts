import type { FastifyInstance } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { CaseMergeFlow } from './case-merge.service.js';

export interface CaseMergeRouteServices {
  scopeOf: ScopeOf;
  caseMerge: CaseMergeFlow;
}

const ids = (...names: string[]) => ({ type: 'object', required: ['workspaceId', ...names], properties: { ...workspaceParams.properties, ...Object.fromEntries(names.map((n) => [n, { type: 'string', format: 'uuid' }])) } });

export function caseMergeRoutes(app: FastifyInstance, s: CaseMergeRouteServices): void {
  const tags = ['customers'];
  const P = '/api/v1/w/:workspaceId/cases';
  app.get(`${P}/proposals`, { schema: { tags, summary: 'Conversations proposed for merging into one case, with the reason', params: workspaceParams } }, async (req) => ({ proposals: await s.caseMerge.proposals(await s.scopeOf(req)) }));
  app.post(
    `${P}/merges`,
    {
      schema: {
        tags,
        summary: 'Merge a conversation into another (the case): the merged one is closed, one SLA runs',
        params: workspaceParams,
        body: {
          type: 'object',
          required: ['targetConversationId', 'sourceConversationId'],
          additionalProperties: false,
          properties: { targetConversationId: { type: 'string', format: 'uuid' }, sourceConversationId: { type: 'string', format: 'uuid' }, reason: { type: 'string', maxLength: 500 } },
        },
      },
    },
    async (req, reply) => reply.status(201).send({ merge: await s.caseMerge.merge(await s.scopeOf(req), req.body as never) }),
  );
  app.post(`${P}/merges/:mergeId/undo`, { schema: { tags, summary: 'Undo a merge: the merged conversation is reopened as it was', params: ids('mergeId') } }, async (req) => ({
    merge: await s.caseMerge.undo(await s.scopeOf(req), (req.params as { mergeId: string }).mergeId),
  }));
  app.get(`${P}/settings`, { schema: { tags, summary: 'Automatic merges: on or off (off by default) and the confidence threshold', params: workspaceParams } }, async (req) => ({
    settings: await s.caseMerge.settings(await s.scopeOf(req)),
  }));
  app.put(
    `${P}/settings`,
    {
      schema: {
        tags,
        summary: 'Merge proposals of conversations of identities linked to the same customer automatically at or above a confidence',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, properties: { autoMerge: { type: 'boolean' }, threshold: { type: 'number', minimum: 0.5, maximum: 1 } } },
      },
    },
    async (req) => ({ settings: await s.caseMerge.setSettings(await s.scopeOf(req), req.body as never) }),
  );
  app.get('/api/v1/w/:workspaceId/inbox/conversations/:conversationId/case', { schema: { tags, summary: 'Merges this conversation takes part in', params: ids('conversationId') } }, async (req) => ({
    merges: await s.caseMerge.ofConversation(await s.scopeOf(req), (req.params as { conversationId: string }).conversationId),
  }));
}
