import type { FastifyInstance } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { KnowledgeAnswersFlow } from './knowledge-answers.service.js';

export interface KnowledgeAnswersRouteServices {
  scopeOf: ScopeOf;
  knowledgeAnswers: KnowledgeAnswersFlow;
}

export function knowledgeAnswersRoutes(app: FastifyInstance, s: KnowledgeAnswersRouteServices): void {
  app.post(
    '/api/v1/w/:workspaceId/microblog/posts/:postId/propose-canned',
    {
      schema: {
        tags: ['microblog'],
        summary: 'Propose a post as an inbox canned reply (compliance approves it before agents can use it)',
        params: { type: 'object', required: ['workspaceId', 'postId'], properties: { ...workspaceParams.properties, postId: { type: 'string', maxLength: 200 } } },
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
      },
    },
    async (req, reply) => reply.status(201).send({ proposal: await s.knowledgeAnswers.proposePost(await s.scopeOf(req), (req.params as { postId: string }).postId, req.body as { name: string }) }),
  );
}
