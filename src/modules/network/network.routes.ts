import type { FastifyInstance } from 'fastify';
import type { NetworkService } from './network.service.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { MAX_GRAPH_NODES, SENTIMENTS, SORTS } from './network.service.js';
import { INTERACTION_TYPES, PERIODS } from './slice.js';

const sliceProps = {
  period: { type: 'string', enum: [...PERIODS], default: 'all', description: 'Graph period: interactions since this long before the run (all: no bound)' },
  topic: { type: 'string', minLength: 1, maxLength: 100, description: 'Graph of interactions carried by items whose text contains this term (computed on request)' },
  channel: { type: 'string', minLength: 1, maxLength: 40, description: 'Channel type: the per-channel graph when one was computed, else authors of this channel' },
} as const;

const authorParams = { type: 'object', required: ['workspaceId', 'authorId'], properties: { ...workspaceParams.properties, authorId: { type: 'string', format: 'uuid' } } } as const;

const weightsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(INTERACTION_TYPES.map((t) => [t, { type: 'number', minimum: 0, maximum: 100 }])),
} as const;

/** The services these routes use (the composition root passes all of its own). */
export interface NetworkRouteServices {
  scopeOf: ScopeOf;
  network: NetworkService;
}

export function networkRoutes(app: FastifyInstance, s: NetworkRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['network'];

  app.get(
    '/api/v1/w/:workspaceId/network/influencers',
    {
      schema: {
        tags,
        summary: 'People ranked by a network metric, with filters (metrics of the last run of the slice): one row per person (identities linked by consent to one customer are one), the institution left out',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...sliceProps,
            sort: { type: 'string', enum: [...SORTS], default: 'pagerank' },
            order: { type: 'string', enum: ['desc', 'asc'], default: 'desc' },
            community: { type: 'integer', minimum: 0, maximum: 2147483647 },
            sentiment: { type: 'string', enum: [...SENTIMENTS], description: "The author's most frequent sentiment label among their labelled items" },
            minFollowers: { type: 'integer', minimum: 0, maximum: 2147483647 },
            q: { type: 'string', minLength: 1, maxLength: 100, description: 'Handle or name contains' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
          },
        },
      },
    },
    async (req) => s.network.influencers(await scopeOf(req), req.query as never),
  );

  app.get(
    '/api/v1/w/:workspaceId/network/authors/:authorId',
    {
      schema: {
        tags,
        summary: "An author's network profile: metrics, community, recent items, cascades, strongest ties",
        params: authorParams,
        querystring: { type: 'object', additionalProperties: false, properties: { period: sliceProps.period, topic: sliceProps.topic } },
      },
    },
    async (req) => s.network.author(await scopeOf(req), (req.params as { authorId: string }).authorId, req.query as never),
  );

  app.get(
    '/api/v1/w/:workspaceId/network/graph',
    {
      schema: {
        tags,
        summary: 'The top nodes by influence with the edges among them, community colours and sizes (for the graph view)',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...sliceProps, limit: { type: 'integer', minimum: 1, maximum: MAX_GRAPH_NODES, default: 5000 } },
        },
      },
    },
    async (req) => s.network.graph(await scopeOf(req), req.query as never),
  );

  app.get(
    '/api/v1/w/:workspaceId/network/runs',
    {
      schema: {
        tags,
        summary: 'Recent network runs, newest first',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } } },
      },
    },
    async (req) => ({ runs: await s.network.runs(await scopeOf(req), (req.query as { limit: number }).limit) }),
  );

  app.post(
    '/api/v1/w/:workspaceId/network/recompute',
    {
      schema: {
        tags,
        summary: 'Queue a full recompute of a slice on a worker (joins one already queued or running); skipped when nothing changed unless forced',
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { period: sliceProps.period, topic: sliceProps.topic, channel: { ...sliceProps.channel, description: 'Build the graph from this channel only' }, force: { type: 'boolean', default: false } },
        },
      },
    },
    async (req, reply) => reply.status(202).send(await s.network.requestRecompute(await scopeOf(req), (req.body ?? {}) as never)),
  );

  app.get(
    '/api/v1/w/:workspaceId/network/settings',
    {
      schema: { tags, summary: 'Interaction weights of the graph (and the defaults)', params: workspaceParams },
    },
    async (req) => s.network.settings(await scopeOf(req)),
  );

  app.put(
    '/api/v1/w/:workspaceId/network/settings',
    {
      schema: {
        tags,
        summary: 'Set interaction weights (types left out take the default); the next scheduled check recomputes',
        params: workspaceParams,
        body: { type: 'object', required: ['weights'], additionalProperties: false, properties: { weights: weightsSchema } },
      },
    },
    async (req) => s.network.updateSettings(await scopeOf(req), req.body as never),
  );
}
