import type { FastifyInstance } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { LIFECYCLES } from './customers.service.js';
import type { CustomerMatching } from './matching.service.js';
import type { SegmentsService } from './segments.service.js';

const idParams = (...names: string[]) => ({ type: 'object', required: ['workspaceId', ...names], properties: { ...workspaceParams.properties, ...Object.fromEntries(names.map((n) => [n, { type: 'string', format: 'uuid' }])) } });
const list = (max = 50) => ({ type: 'array', maxItems: max, items: { type: 'string', minLength: 1, maxLength: 100 } });
const score = { type: 'number', minimum: 0, maximum: 1 };
export const segmentRulesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lifecycle: { type: 'array', maxItems: 6, items: { type: 'string', enum: [...LIFECYCLES] } },
    products: list(),
    segments: list(),
    tags: list(),
    channels: list(),
    sentimentBelow: { type: 'number', minimum: -1, maximum: 1 },
    sentimentAbove: { type: 'number', minimum: -1, maximum: 1 },
    minChurnScore: score,
  },
} as const;
const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' };

/** Segments (list with counts, create, edit, preview, members, CSV export) and suggested matches. */
export function segmentsRoutes(app: FastifyInstance, s: { scopeOf: ScopeOf; segments: SegmentsService; matching: CustomerMatching }): void {
  const { scopeOf, segments, matching } = s;
  const tags = ['customers'];
  const W = '/api/v1/w/:workspaceId';
  app.get(
    `${W}/segments`,
    {
      schema: {
        tags,
        summary: 'Customer segments by rules (counts: how many customers each holds now)',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { counts: { type: 'boolean' } } },
      },
    },
    async (req) => ({ segments: await segments.list(await scopeOf(req), { counts: (req.query as { counts?: boolean }).counts ?? false }) }),
  );
  app.post(
    `${W}/segments`,
    {
      schema: {
        tags,
        summary: 'Create a segment (lifecycle, products, sentiment, channels, tags)',
        params: workspaceParams,
        body: { type: 'object', required: ['name', 'rules'], additionalProperties: false, properties: { name, rules: segmentRulesSchema } },
      },
    },
    async (req, reply) => reply.status(201).send({ segment: await segments.create(await scopeOf(req), req.body as never) }),
  );
  app.post(
    `${W}/segments/preview`,
    {
      schema: {
        tags,
        summary: 'How many customers rules select, and the first of them (before saving)',
        params: workspaceParams,
        body: { type: 'object', required: ['rules'], additionalProperties: false, properties: { rules: segmentRulesSchema } },
      },
    },
    async (req) => segments.preview(await scopeOf(req), (req.body as { rules: never }).rules),
  );
  app.patch(
    `${W}/segments/:segmentId`,
    { schema: { tags, summary: 'Rename a segment or change its rules', params: idParams('segmentId'), body: { type: 'object', additionalProperties: false, properties: { name, rules: segmentRulesSchema } } } },
    async (req) => ({ segment: await segments.update(await scopeOf(req), (req.params as { segmentId: string }).segmentId, req.body as never) }),
  );
  app.get(`${W}/segments/:segmentId/customers`, { schema: { tags, summary: 'Customers in a segment now', params: idParams('segmentId') } }, async (req) =>
    segments.members(await scopeOf(req), (req.params as { segmentId: string }).segmentId),
  );
  app.get(
    `${W}/segments/:segmentId/customers.csv`,
    { schema: { tags, summary: "The segment's customers as CSV; personal fields in clear only with customers.pii, masked otherwise (audited)", params: idParams('segmentId') } },
    async (req, reply) => {
      const r = await segments.exportCsv(await scopeOf(req), (req.params as { segmentId: string }).segmentId);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${r.filename}"`).header('cache-control', 'no-store').send(r.csv);
    },
  );
  app.delete(`${W}/segments/:segmentId`, { schema: { tags, summary: 'Delete a segment', params: idParams('segmentId') } }, async (req, reply) => {
    await segments.remove(await scopeOf(req), (req.params as { segmentId: string }).segmentId);
    return reply.status(204).send();
  });

  const M = `${W}/customer-matches`;
  app.get(
    M,
    {
      schema: {
        tags,
        summary: 'Suggested matches of social identities to customers, with their evidence (a person decides; never a link by itself)',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['open', 'confirmed', 'dismissed'] }, authorId: { type: 'string', format: 'uuid' }, limit: { type: 'integer', minimum: 1, maximum: 200 } },
        },
      },
    },
    async (req) => ({ suggestions: await matching.list(await scopeOf(req), req.query as never) }),
  );
  app.post(`${M}/scan`, { schema: { tags, summary: "Look for suggested matches in the last week's messages now", params: workspaceParams } }, async (req) => matching.scanNow(await scopeOf(req)));
  for (const decision of ['confirm', 'dismiss'] as const) {
    app.post(
      `${M}/:suggestionId/${decision}`,
      {
        schema: {
          tags,
          summary: decision === 'confirm' ? 'Confirm a suggestion: no link is made; the answer names the conversation to send the consent link from' : 'Dismiss a suggestion: the pair is never suggested again',
          params: idParams('suggestionId'),
          body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
        },
      },
      async (req) => matching.decide(await scopeOf(req), (req.params as { suggestionId: string }).suggestionId, decision === 'confirm' ? 'confirmed' : 'dismissed', (req.body as { reason?: string } | undefined)?.reason ?? ''),
    );
  }
}
