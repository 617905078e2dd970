import type { FastifyInstance } from 'fastify';
import type { TokensService } from './tokens.service.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { TOKEN_SCOPES } from '../../platform/access/roles.js';

/** The services these routes use (the composition root passes all of its own). */
export interface TokensRouteServices {
  scopeOf: ScopeOf;
  tokens: TokensService;
}

export function tokensRoutes(app: FastifyInstance, s: TokensRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['tokens'];
  app.get('/api/v1/w/:workspaceId/tokens', { schema: { tags, summary: 'API tokens of the workspace', params: workspaceParams } }, async (req) => ({ tokens: await s.tokens.list(await scopeOf(req)) }));
  app.post(
    '/api/v1/w/:workspaceId/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is in this response only',
        params: workspaceParams,
        body: {
          type: 'object',
          required: ['name', 'scopes'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scopes: { type: 'array', minItems: 1, items: { type: 'string', enum: [...TOKEN_SCOPES] } }, expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 } },
        },
      },
    },
    async (req, reply) => reply.status(201).send(await s.tokens.create(await scopeOf(req), req.body as never)),
  );
  app.delete(
    '/api/v1/w/:workspaceId/tokens/:tokenId',
    {
      schema: { tags, summary: 'Revoke a token', params: { type: 'object', required: ['workspaceId', 'tokenId'], properties: { ...workspaceParams.properties, tokenId: { type: 'string', format: 'uuid' } } } },
    },
    async (req, reply) => {
      await s.tokens.revoke(await scopeOf(req), (req.params as { tokenId: string }).tokenId);
      return reply.status(204).send();
    },
  );
}
