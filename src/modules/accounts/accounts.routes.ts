import type { FastifyInstance } from 'fastify';
import type { AccountsService } from './accounts.service.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';

const accountParams = { type: 'object', required: ['workspaceId', 'accountId'], properties: { ...workspaceParams.properties, accountId: { type: 'string', format: 'uuid' } } } as const;

/** The services these routes use (the composition root passes all of its own). */
export interface AccountsRouteServices {
  accounts: AccountsService;
  scopeOf: ScopeOf;
}

export function accountsRoutes(app: FastifyInstance, s: AccountsRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['channels'];
  app.get('/api/v1/w/:workspaceId/channels', { schema: { tags, summary: 'Channel types that can be connected, with their settings and credentials schemas', params: workspaceParams } }, async (req) => {
    await scopeOf(req);
    return { channels: s.accounts.channels() };
  });
  app.get('/api/v1/w/:workspaceId/accounts', { schema: { tags, summary: 'Connected channel accounts with their health', params: workspaceParams } }, async (req) => ({ accounts: await s.accounts.list(await scopeOf(req)) }));
  app.get('/api/v1/w/:workspaceId/accounts/:accountId', { schema: { tags, summary: 'One channel account', params: accountParams } }, async (req) => ({
    account: await s.accounts.get(await scopeOf(req), (req.params as { accountId: string }).accountId),
  }));
  app.post(
    '/api/v1/w/:workspaceId/accounts',
    {
      schema: {
        tags,
        summary: 'Connect a channel account (credentials are encrypted at rest)',
        params: workspaceParams,
        body: {
          type: 'object',
          required: ['type', 'name'],
          additionalProperties: false,
          properties: {
            type: { type: 'string', minLength: 1, maxLength: 40 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            settings: { type: 'object', default: {} },
            credentials: { type: 'object', default: {}, additionalProperties: { type: 'string', maxLength: 10_000 } },
            pollIntervalMs: { type: 'integer', minimum: 5000, maximum: 86_400_000 },
          },
        },
      },
    },
    async (req, reply) => reply.status(201).send({ account: await s.accounts.connect(await scopeOf(req), req.body as never) }),
  );
  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    app.post(`/api/v1/w/:workspaceId/accounts/:accountId/${action}`, { schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} listening on the account`, params: accountParams } }, async (req) => ({
      account: await s.accounts.setStatus(await scopeOf(req), (req.params as { accountId: string }).accountId, status),
    }));
  }
  app.delete('/api/v1/w/:workspaceId/accounts/:accountId', { schema: { tags, summary: 'Disconnect the account (its credentials are deleted; its items stay)', params: accountParams } }, async (req, reply) => {
    await s.accounts.setStatus(await scopeOf(req), (req.params as { accountId: string }).accountId, 'disconnected');
    return reply.status(204).send();
  });
}
