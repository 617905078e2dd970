import type { FastifyInstance } from 'fastify';
import type { IngestPipeline } from './pipeline.js';
import type { Store } from '../../platform/db/store.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { assertCan } from '../../platform/access/scope.js';
import { tables } from '../../platform/db/store.js';
import type { AccountsTables } from '../../modules/accounts/index.js';
import type { InboundRequest } from '../../channels/port.js';
import type { DeadLetterView } from '../../contracts/channels.js';

/** The services these routes use (the composition root passes all of its own). */
export interface IngestRouteServices {
  scopeOf: ScopeOf;
  ingest: IngestPipeline;
  store: Store;
}

export function ingestRoutes(app: FastifyInstance, s: IngestRouteServices): void {
  // Channel webhooks: the raw bytes reach the adapter untouched (signatures are over them).
  app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const handler = async (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      const inbound: InboundRequest = {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v])),
        query: req.query as Record<string, string>,
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      };
      const outcome = await s.ingest.receiveWebhook((req.params as { key: string }).key, inbound);
      if (outcome.kind === 'respond') return reply.status(outcome.status).type(outcome.contentType).send(outcome.body);
      return reply.status(200).send({ received: true, id: outcome.rawEventId });
    };
    const schema = { tags: ['webhooks'], summary: 'Inbound channel webhook (the account’s secret path); GET answers handshakes', security: [], params: { type: 'object', properties: { key: { type: 'string' } } } };
    hooks.get('/hooks/:key', { schema }, handler);
    hooks.post('/hooks/:key', { schema }, handler);
  });

  const scopeOf = s.scopeOf;
  const tags = ['ingest'];
  app.get('/api/v1/w/:workspaceId/dead-letters', { schema: { tags, summary: 'Deliveries that could not be ingested, with their error', params: workspaceParams } }, async (req) => {
    const scope = await scopeOf(req);
    assertCan(scope, 'channels.manage');
    const rows = await tables<AccountsTables>(s.store)
      .selectFrom('raw_events')
      .select(['id', 'account_id', 'received_at', 'source', 'attempts', 'last_error', 'body'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('status', '=', 'dead')
      .orderBy('received_at', 'desc')
      .limit(200)
      .execute();
    return {
      deadLetters: rows.map((r): DeadLetterView => ({ id: r.id, accountId: r.account_id, receivedAt: new Date(r.received_at).toISOString(), source: r.source, attempts: r.attempts, error: r.last_error, preview: r.body.slice(0, 500) })),
    };
  });
  app.post(
    '/api/v1/w/:workspaceId/dead-letters/:eventId/retry',
    {
      schema: { tags, summary: 'Try a dead-lettered delivery again', params: { type: 'object', required: ['workspaceId', 'eventId'], properties: { ...workspaceParams.properties, eventId: { type: 'string', format: 'uuid' } } } },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      assertCan(scope, 'channels.manage');
      await s.ingest.retryDead(scope.workspaceId, (req.params as { eventId: string }).eventId);
      return reply.status(202).send({ retried: true });
    },
  );
}
