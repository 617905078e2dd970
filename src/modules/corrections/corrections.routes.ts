import type { FastifyInstance } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { Corrections } from './corrections.module.js';

/** The services these routes use (the composition root passes all of its own). */
export interface CorrectionsRouteServices {
  scopeOf: ScopeOf;
  corrections: Corrections;
}
import { CORRECTION_TASKS } from '../../nlp/index.js';

const itemParams = { type: 'object', required: ['workspaceId', 'itemId'], properties: { ...workspaceParams.properties, itemId: { type: 'string', format: 'uuid' } } } as const;

export function correctionsRoutes(app: FastifyInstance, s: CorrectionsRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['corrections'];
  const c = s.corrections;

  app.post(
    '/api/v1/w/:workspaceId/items/:itemId/corrections',
    {
      schema: {
        tags,
        summary: "Correct the analysis of an item (sentiment, complaint, intents or abuse): the person's label wins over the model's",
        description: 'Labels: sentiment negative|neutral|positive; complaint yes|no; intents a comma-separated subset of inquiry, praise, purchase, churn, fraud, or none; abuse none|offensive|hate.',
        params: itemParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['task', 'label'],
          properties: { task: { type: 'string', enum: [...CORRECTION_TASKS] }, label: { type: 'string', minLength: 1, maxLength: 100 } },
        },
      },
    },
    async (req, reply) => {
      const { itemId } = req.params as { itemId: string };
      reply.code(201);
      return c.corrections.correct(await scopeOf(req), itemId, req.body as { task: string; label: string });
    },
  );

  app.get(
    '/api/v1/w/:workspaceId/corrections',
    {
      schema: {
        tags,
        summary: 'Corrections made in the workspace, newest first',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, before: { type: 'string', format: 'date-time' }, itemId: { type: 'string', format: 'uuid' } },
        },
      },
    },
    async (req) => c.corrections.list(await scopeOf(req), req.query as never),
  );

  app.get(
    '/api/v1/w/:workspaceId/corrections/export.tsv',
    {
      schema: { tags, summary: 'The corrections as labelled TSV: id, text, task, label (the latest label per item and task)', params: workspaceParams },
    },
    async (req, reply) => {
      const tsv = await c.corrections.exportTsv(await scopeOf(req));
      return reply.type('text/tab-separated-values; charset=utf-8').header('content-disposition', 'attachment; filename="corrections.tsv"').header('cache-control', 'no-store').send(tsv);
    },
  );

  app.get(
    '/api/v1/w/:workspaceId/adaptation',
    {
      schema: { tags, summary: "The workspace's adaptation versions with their before/after figures, and which is active", params: workspaceParams },
    },
    async (req) => ({ adaptation: await c.adaptation.view(await scopeOf(req)) }),
  );

  app.put(
    '/api/v1/w/:workspaceId/adaptation/active',
    {
      schema: {
        tags,
        summary: 'Activate a version, or roll back to an earlier one or to none (audited; recent items are re-scored)',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['versionId'], properties: { versionId: { type: ['string', 'null'], format: 'uuid' } } },
      },
    },
    async (req) => ({ adaptation: await c.adaptation.activate(await scopeOf(req), (req.body as { versionId: string | null }).versionId) }),
  );

  app.post(
    '/api/v1/w/:workspaceId/adaptation/train',
    {
      schema: { tags, summary: 'Learn a new version from the corrections now', params: workspaceParams },
    },
    async (req, reply) => {
      reply.code(202);
      return { adaptation: await c.adaptation.trainNow(await scopeOf(req)) };
    },
  );
}
