import type { FastifyInstance } from 'fastify';
import { ITEM_KINDS } from '../../channels/port.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { ItemsService } from './items.service.js';
import type { Keyring } from '../secrets/index.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { assertCan } from '../../platform/access/scope.js';
import { INGESTED_SUBJECT, type IngestedBatch } from './items.events.js';
import type { ItemChange } from '../../contracts/items.js';

/** The services these routes use (the composition root passes all of its own). */
export interface ItemsRouteServices {
  scopeOf: ScopeOf;
  bus: Bus;
  items: ItemsService;
  keyring: Keyring;
}

export function itemsRoutes(app: FastifyInstance, s: ItemsRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['items'];
  app.get(
    '/api/v1/w/:workspaceId/items',
    {
      schema: {
        tags,
        summary: 'Ingested items, newest first, with filters',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            channel: { type: 'string', maxLength: 40 },
            kind: { type: 'string', enum: [...ITEM_KINDS] },
            lang: { type: 'string', maxLength: 10 },
            accountId: { type: 'string', format: 'uuid' },
            q: { type: 'string', maxLength: 200 },
            before: { type: 'string', maxLength: 80, pattern: '^\\d{4}-\\d{2}-\\d{2}T[^|]+(\\|[0-9a-fA-F-]{36})?$' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (req) => s.items.list(await scopeOf(req), req.query as never),
  );

  app.get(
    '/api/v1/w/:workspaceId/items/:itemId',
    {
      schema: { tags, summary: 'One item', params: { type: 'object', required: ['workspaceId', 'itemId'], properties: { ...workspaceParams.properties, itemId: { type: 'string', format: 'uuid' } } } },
    },
    async (req) => ({ item: await s.items.get(await scopeOf(req), (req.params as { itemId: string }).itemId) }),
  );

  app.get(
    '/api/v1/w/:workspaceId/items/:itemId/original',
    {
      schema: {
        tags,
        summary: 'The original text of an item that held personal data (compliance; audited)',
        params: { type: 'object', required: ['workspaceId', 'itemId'], properties: { ...workspaceParams.properties, itemId: { type: 'string', format: 'uuid' } } },
      },
    },
    async (req) => ({ original: await s.items.original(await scopeOf(req), (req.params as { itemId: string }).itemId, s.keyring) }),
  );

  // Live stream of newly ingested items (server-sent events), fed from the bus so it works across processes.
  app.get('/api/v1/w/:workspaceId/items/live', { schema: { tags, summary: 'Server-sent events: one `item` event per ingested item', params: workspaceParams } }, async (req, reply) => {
    const scope = await scopeOf(req);
    assertCan(scope, 'listening.read');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': req.id });
    res.write(': connected\n\n');
    const sub = await s.bus.subscribe<IngestedBatch>(INGESTED_SUBJECT, async (msg) => {
      if (msg.data.workspaceId !== scope.workspaceId) return;
      for (const c of msg.data.items.slice(0, 200)) {
        try {
          const item = await s.items.get(scope, c.id);
          res.write(`event: item\nid: ${c.id}:${c.version}\ndata: ${JSON.stringify({ change: c.change, item } satisfies ItemChange)}\n\n`);
        } catch {
          /* deleted meanwhile */
        }
      }
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      void sub.close();
    });
  });
}
