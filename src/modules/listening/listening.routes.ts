/** HTTP: monitoring queries, backfills, search, dashboards, drill-down, CSV export, shared links. */
import { invalid } from '../../platform/errors.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Bus } from '../../platform/bus/bus.js';
import type { Listening } from './listening.module.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { CHARTS, chartCsv, contentDisposition, csvFilename, type Chart } from './csv.js';
import { InvalidQueryError } from './query-compile.js';
import { alertsRoutes } from './alerts.routes.js';
import { INTENTS } from './domain/query-ast.js';
import { QUERY_KINDS, SENTIMENT_KEYS } from './listening.tables.js';
import type { Dashboard } from './dashboard.service.js';

const P = '/api/v1/w/:workspaceId/listening';
const tags = ['listening'];
const uuid = { type: 'string', format: 'uuid' } as const;
const params = (...names: string[]) => ({ type: 'object', required: ['workspaceId', ...names], properties: { ...workspaceParams.properties, ...Object.fromEntries(names.map((n) => [n, n === 'setId' ? setIdSchema : uuid])) } });
const setIdSchema = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$' } as const;
const alertSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    sensitivity: { type: 'string', enum: ['low', 'medium', 'high'] },
    minVolume: { type: 'integer', minimum: 1, maximum: 100_000 },
    cooldownMinutes: { type: 'integer', minimum: 5, maximum: 10_080 },
    channelIds: { type: 'array', maxItems: 20, items: uuid },
  },
} as const;
const queryProps = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  expression: { type: 'string', minLength: 1, maxLength: 2000 },
  kind: { type: 'string', enum: [...QUERY_KINDS] },
  setId: { anyOf: [setIdSchema, { type: 'null' }] },
  enabled: { type: 'boolean' },
  alert: alertSchema,
} as const;
const period = {
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  bucket: { type: 'string', enum: ['hour', 'day'] },
} as const;
const dashQuery = { type: 'object', additionalProperties: false, properties: { ...period, channel: { type: 'string', maxLength: 40 } } } as const;
const drillQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...dashQuery.properties,
    at: { type: 'string', maxLength: 13, description: 'A volume[].key: 2026-11-20T09 (hour) or 2026-11-20 (day)' },
    sentiment: { type: 'string', enum: [...SENTIMENT_KEYS] },
    complaint: { type: 'boolean' },
    keyword: { type: 'string', minLength: 1, maxLength: 100 },
    authorId: uuid,
    queryId: uuid,
    cursor: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;
const exportQuery = { type: 'object', additionalProperties: false, properties: { ...dashQuery.properties, chart: { type: 'string', enum: [...CHARTS], default: 'volume' } } } as const;

/** What a shared (anonymous) link may export: aggregates only. */
export const SHARED_CHARTS: readonly Chart[] = ['volume', 'sentiment', 'channels', 'share_of_voice'];

/** 400 with the parser's position and caret drawing. */
async function withQueryErrors<T>(reply: FastifyReply, fn: () => Promise<T>, field = 'expression'): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof InvalidQueryError)) throw err;
    return reply.status(400).send({ error: { code: err.code, message: err.message, field, query: err.detail } });
  }
}

/** The services these routes use (the composition root passes all of its own). */
export interface ListeningRouteServices {
  scopeOf: ScopeOf;
  bus: Bus;
  listening: Listening;
}

export function sendCsv(reply: FastifyReply, d: Dashboard, chart: Chart): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', contentDisposition(csvFilename(d, chart)))
    .header('cache-control', 'no-store')
    .send(chartCsv(d, chart));
}

export function listeningRoutes(app: FastifyInstance, s: ListeningRouteServices): void {
  const scopeOf = s.scopeOf;
  const l = s.listening;

  app.get(`${P}/queries`, { schema: { tags, summary: 'Monitoring queries', params: workspaceParams } }, async (req) => ({ queries: await l.queries.list(await scopeOf(req)) }));
  app.post(
    `${P}/queries`,
    {
      schema: {
        tags,
        summary: 'Create a monitoring query (validated; 400 with position and caret); queues a backfill',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['name', 'expression'], properties: { ...queryProps, backfillDays: { type: 'integer', minimum: 0, maximum: 365 } } },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      return withQueryErrors(reply, async () => reply.status(201).send(await l.queries.create(scope, req.body as never)));
    },
  );
  app.post(
    `${P}/queries/validate`,
    {
      schema: {
        tags,
        summary: 'Check a query expression: canonical form and terms, or 400 with position and caret',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['expression'], properties: { expression: queryProps.expression } },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      return withQueryErrors(reply, async () => l.queries.validate(scope, (req.body as { expression: string }).expression));
    },
  );
  app.get(`${P}/queries/:queryId`, { schema: { tags, summary: 'One monitoring query', params: params('queryId') } }, async (req) => ({ query: await l.queries.get(await scopeOf(req), (req.params as { queryId: string }).queryId) }));
  app.patch(
    `${P}/queries/:queryId`,
    {
      schema: { tags, summary: 'Change a monitoring query (a new expression rebuilds its matches)', params: params('queryId'), body: { type: 'object', additionalProperties: false, properties: queryProps } },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      return withQueryErrors(reply, async () => l.queries.update(scope, (req.params as { queryId: string }).queryId, req.body as never));
    },
  );
  app.delete(`${P}/queries/:queryId`, { schema: { tags, summary: 'Delete a monitoring query with its matches, rollups and alerts', params: params('queryId') } }, async (req, reply) => {
    await l.queries.remove(await scopeOf(req), (req.params as { queryId: string }).queryId);
    return reply.status(204).send();
  });
  app.post(
    `${P}/queries/:queryId/backfill`,
    {
      schema: { tags, summary: 'Apply the query to stored items of a period (a job with progress)', params: params('queryId'), body: { type: 'object', additionalProperties: false, properties: { from: period.from, to: period.to } } },
    },
    async (req, reply) => reply.status(202).send({ backfill: await l.queries.requestBackfill(await scopeOf(req), (req.params as { queryId: string }).queryId, req.body as never) }),
  );
  app.get(`${P}/queries/:queryId/backfills`, { schema: { tags, summary: 'Backfills of a query, newest first', params: params('queryId') } }, async (req) => ({
    backfills: await l.queries.listBackfills(await scopeOf(req), (req.params as { queryId: string }).queryId),
  }));
  app.get(`${P}/backfills/:backfillId`, { schema: { tags, summary: 'One backfill and its progress', params: params('backfillId') } }, async (req) => ({
    backfill: await l.queries.getBackfill(await scopeOf(req), (req.params as { backfillId: string }).backfillId),
  }));
  app.get(`${P}/sets`, { schema: { tags, summary: 'Share-of-voice sets and their queries', params: workspaceParams } }, async (req) => ({ sets: await l.queries.sets(await scopeOf(req)) }));

  // The filters of a search, shared by the search and its CSV export.
  const searchFilters = {
    q: { type: 'string', maxLength: 500 },
    channel: { type: 'string', maxLength: 40 },
    lang: { type: 'string', pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
    sentiment: { type: 'string', enum: ['negative', 'neutral', 'positive'] },
    intent: { type: 'string', enum: [...INTENTS] },
    queryId: uuid,
    from: period.from,
    to: period.to,
    segmentId: uuid,
  };
  app.get(
    `${P}/search`,
    {
      schema: {
        tags,
        summary:
          'Full-text search over all items in the listening query language (OR, NOT/-, "phrases", parentheses, fields; Korean-aware, English stemmed), newest first, keyset paging, with the count (first page) and the terms to highlight',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...searchFilters,
            cursor: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (req, reply) => withQueryErrors(reply, async () => l.search.search(await scopeOf(req), req.query as never), 'q'),
  );
  app.get(
    `${P}/search/export`,
    {
      schema: {
        tags,
        summary: 'The search as CSV (UTF-8 with BOM, newest first, at most 10,000 rows), with the same filters, a customer segment included; audited',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: searchFilters,
        },
      },
    },
    async (req, reply) =>
      withQueryErrors(
        reply,
        async () => {
          const r = await l.search.exportCsv(await scopeOf(req), req.query as never);
          return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition('listening-search.csv')).header('cache-control', 'no-store').send(r.csv);
        },
        'q',
      ),
  );

  for (const type of ['query', 'set'] as const) {
    const base = type === 'query' ? `${P}/queries/:queryId` : `${P}/sets/:setId`;
    const p = params(type === 'query' ? 'queryId' : 'setId');
    const idOf = (req: { params: unknown }) => (req.params as Record<string, string>)[type === 'query' ? 'queryId' : 'setId']!;
    app.get(`${base}/dashboard`, { schema: { tags, summary: `Every chart of a ${type} dashboard for a period (from rollups)`, params: p, querystring: dashQuery } }, async (req) =>
      l.dashboards.dashboard(await scopeOf(req), type, idOf(req), req.query as never),
    );
    app.get(`${base}/items`, { schema: { tags, summary: `The items behind a number of the ${type} dashboard`, params: p, querystring: drillQuery } }, async (req) =>
      l.dashboards.items(await scopeOf(req), type, idOf(req), req.query as never),
    );
    app.get(`${base}/export`, { schema: { tags, summary: `One chart of the ${type} dashboard as CSV (UTF-8 with BOM)`, params: p, querystring: exportQuery } }, async (req, reply) => {
      const q = req.query as { chart?: Chart; from?: string; to?: string; bucket?: 'hour' | 'day'; channel?: string };
      return sendCsv(reply, await l.dashboards.dashboard(await scopeOf(req), type, idOf(req), q), q.chart ?? 'volume');
    });
    app.post(
      `${base}/shares`,
      {
        schema: {
          tags,
          summary: `A shareable read-only link to the ${type} dashboard (token shown once)`,
          params: p,
          body: { type: 'object', additionalProperties: false, properties: { expiresInHours: { type: 'integer', minimum: 1, maximum: 8760 }, label: { type: 'string', maxLength: 120 } } },
        },
      },
      async (req, reply) => reply.status(201).send({ share: await l.shares.create(await scopeOf(req), type, idOf(req), req.body as never) }),
    );
  }
  app.get(`${P}/shares`, { schema: { tags, summary: 'Shared dashboard links', params: workspaceParams } }, async (req) => ({ shares: await l.shares.list(await scopeOf(req)) }));
  app.delete(`${P}/shares/:shareId`, { schema: { tags, summary: 'Revoke a shared link', params: params('shareId') } }, async (req, reply) => {
    await l.shares.revoke(await scopeOf(req), (req.params as { shareId: string }).shareId);
    return reply.status(204).send();
  });

  // Shared links: no login; the token is the credential.
  const shared = { type: 'object', required: ['token'], properties: { token: { type: 'string', maxLength: 200 } } } as const;
  app.get(
    '/api/v1/shared/:token',
    { schema: { tags, summary: 'A shared dashboard (read-only, no login)', security: [], params: shared, querystring: { type: 'object', additionalProperties: false, properties: period } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return l.shares.dashboard((req.params as { token: string }).token, req.query as never);
    },
  );
  app.get(
    '/api/v1/shared/:token/export',
    { schema: { tags, summary: 'One chart of a shared dashboard as CSV', security: [], params: shared, querystring: { type: 'object', additionalProperties: false, properties: { ...period, chart: exportQuery.properties.chart } } } },
    async (req, reply) => {
      const q = req.query as { chart?: Chart; from?: string; to?: string; bucket?: 'hour' | 'day'; channel?: string };
      const chart = q.chart ?? 'volume';
      // Anonymous CSVs carry the same aggregates as the shared page, never texts or names.
      if (!SHARED_CHARTS.includes(chart)) throw invalid('listening.share_chart_private', 'A shared link offers only the volume, sentiment, channel and share-of-voice charts.', 'chart');
      const { dashboard } = await l.shares.dashboard((req.params as { token: string }).token, q);
      return sendCsv(reply, dashboard, chart);
    },
  );

  alertsRoutes(app, s);
}
