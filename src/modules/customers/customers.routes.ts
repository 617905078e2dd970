import type { FastifyInstance } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { ConsentStore } from './consent.store.js';
import type { CustomersService } from './customers.service.js';
import { LIFECYCLES } from './customers.service.js';
import type { CustomerLinksService } from './links.service.js';
import { LEAD_STATUSES, type CustomerInsights } from './insights.service.js';
import type { SegmentsService } from './segments.service.js';
import type { CustomerMatching } from './matching.service.js';
import { segmentsRoutes } from './segments.routes.js';
import type { LeadWebhooks } from './lead-webhook.js';
import { CUSTOMER_FIELDS, OPT_OUTS } from './mapping.js';

/** The services these routes use (the composition root passes all of its own). */
export interface CustomersRouteServices {
  scopeOf: ScopeOf;
  customers: { customers: CustomersService; links: CustomerLinksService; consent: ConsentStore; insights: CustomerInsights; segments: SegmentsService; leadWebhooks: LeadWebhooks; matching: CustomerMatching };
}

const text = (max = 200) => ({ type: ['string', 'null'], maxLength: max });
const record = {
  type: 'object',
  required: ['externalId'],
  additionalProperties: false,
  properties: {
    externalId: { type: 'string', minLength: 1, maxLength: 100 },
    name: text(),
    email: text(),
    phone: text(),
    segment: text(),
    manager: text(),
    products: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } },
    optOuts: { type: 'array', maxItems: 10, items: { type: 'string', enum: [...OPT_OUTS] } },
  },
} as const;
const idParams = (...names: string[]) => ({ type: 'object', required: ['workspaceId', ...names], properties: { ...workspaceParams.properties, ...Object.fromEntries(names.map((n) => [n, { type: 'string', format: 'uuid' }])) } });
const mapping = { type: 'object', maxProperties: 200, additionalProperties: { type: ['string', 'null'], enum: [...CUSTOMER_FIELDS, null] } };

export function customersRoutes(app: FastifyInstance, s: CustomersRouteServices): void {
  const { scopeOf } = s;
  const c = s.customers;
  const tags = ['customers'];
  const P = '/api/v1/w/:workspaceId/customers';
  app.get(
    P,
    {
      schema: {
        tags,
        summary: 'Customers (personal fields masked without customers.pii)',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            lifecycle: { type: 'string', enum: [...LIFECYCLES] },
            segment: { type: 'string', maxLength: 200 },
            product: { type: 'string', maxLength: 100 },
            externalId: { type: 'string', maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          },
        },
      },
    },
    async (req) => c.customers.list(await scopeOf(req), req.query as never),
  );
  app.put(
    P,
    {
      schema: {
        tags,
        summary: 'Create or update customers by external id (the bank system feed); bad records reported by position',
        params: workspaceParams,
        body: { type: 'object', required: ['customers'], additionalProperties: false, properties: { customers: { type: 'array', minItems: 1, maxItems: 1000, items: record } } },
      },
    },
    async (req) => c.customers.upsert(await scopeOf(req), (req.body as { customers: never[] }).customers),
  );
  app.post(
    `${P}/import`,
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import a CSV file through a mapping (file column → field); bad rows reported by line',
        params: workspaceParams,
        body: { type: 'object', required: ['csv'], additionalProperties: false, properties: { csv: { type: 'string', maxLength: 50_000_000 }, mapping } },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      const b = req.body as { csv: string; mapping?: never };
      return c.customers.importCsv(scope, { csv: b.csv, ...(b.mapping ? { mapping: b.mapping } : {}), source: 'api-csv' });
    },
  );
  app.get(`${P}/:customerId`, { schema: { tags, summary: 'One customer (the view is audited)', params: idParams('customerId') } }, async (req) => ({
    customer: await c.customers.get(await scopeOf(req), (req.params as { customerId: string }).customerId),
  }));
  app.patch(
    `${P}/:customerId`,
    {
      schema: {
        tags,
        summary: 'Set lifecycle or tags',
        params: idParams('customerId'),
        body: { type: 'object', additionalProperties: false, properties: { lifecycle: { type: 'string', enum: [...LIFECYCLES] }, tags: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 50 } } } },
      },
    },
    async (req) => ({ customer: await c.customers.update(await scopeOf(req), (req.params as { customerId: string }).customerId, req.body as never) }),
  );
  app.get(
    `${P}/:customerId/links`,
    { schema: { tags, summary: 'Social identities linked to the customer with consent', params: idParams('customerId'), querystring: { type: 'object', additionalProperties: false, properties: { includeRevoked: { type: 'boolean' } } } } },
    async (req) => ({ links: await c.links.links(await scopeOf(req), (req.params as { customerId: string }).customerId, (req.query as { includeRevoked?: boolean }).includeRevoked ?? false) }),
  );
  app.delete(
    `${P}/:customerId/links/:linkId`,
    {
      schema: {
        tags,
        summary: 'Revoke a link (the bank): it stops being used at once',
        params: idParams('customerId', 'linkId'),
        querystring: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      },
    },
    async (req, reply) => {
      const p = req.params as { customerId: string; linkId: string };
      await c.links.revoke(await scopeOf(req), p.customerId, p.linkId, (req.query as { reason?: string }).reason ?? '');
      return reply.status(204).send();
    },
  );
  app.get(
    `${P}/:customerId/timeline`,
    {
      schema: {
        tags,
        summary: "The customer's posts and messages across linked identities, newest first, with sentiment by day",
        params: idParams('customerId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { before: { type: 'string', format: 'date-time' }, limit: { type: 'integer', minimum: 1, maximum: 200 }, days: { type: 'integer', minimum: 1, maximum: 730 } },
        },
      },
    },
    async (req) => c.links.timeline(await scopeOf(req), (req.params as { customerId: string }).customerId, req.query as never),
  );
  app.get('/api/v1/w/:workspaceId/authors/:authorId/customer', { schema: { tags, summary: 'The customer a social identity is linked to (inbox panel); null when none', params: idParams('authorId') } }, async (req) => ({
    linked: await c.links.ofAuthor(await scopeOf(req), (req.params as { authorId: string }).authorId),
  }));
  const settings = '/api/v1/w/:workspaceId/consent/settings';
  app.get(settings, { schema: { tags, summary: 'Consent settings: stated purpose, bank login, link lifetime', params: workspaceParams } }, async (req) => ({ settings: await c.consent.getSettings(await scopeOf(req)) }));
  app.put(
    settings,
    {
      schema: {
        tags,
        summary: 'Change the consent settings; rotateAssertionSecret returns the new secret shared with the bank login once',
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            purpose: { type: 'string', minLength: 1, maxLength: 1000 },
            loginUrl: { type: ['string', 'null'], maxLength: 500 },
            linkTtlMinutes: { type: 'integer', minimum: 5, maximum: 10_080 },
            rotateAssertionSecret: { type: 'boolean' },
          },
        },
      },
    },
    async (req) => ({ settings: await c.consent.setSettings(await scopeOf(req), req.body as never) }),
  );
  const W = '/api/v1/w/:workspaceId';
  app.get(`${W}/lead-webhook`, { schema: { tags, summary: "Where leads are sent (the bank's system) and how deliveries stand", params: workspaceParams } }, async (req) => ({
    webhook: await c.leadWebhooks.get(await scopeOf(req)),
  }));
  app.put(
    `${W}/lead-webhook`,
    {
      schema: {
        tags,
        summary: 'Set the address leads are POSTed to, signed (null: stop); the signing secret is shown once when made or rotated',
        params: workspaceParams,
        body: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: { type: ['string', 'null'], maxLength: 500 }, rotateSecret: { type: 'boolean' } } },
      },
    },
    async (req) => ({ webhook: await c.leadWebhooks.set(await scopeOf(req), req.body as never) }),
  );
  app.post(`${W}/lead-webhook/test`, { schema: { tags, summary: 'Queue a test delivery (sent within seconds)', params: workspaceParams } }, async (req, reply) =>
    reply.status(202).send({ delivery: await c.leadWebhooks.test(await scopeOf(req)) }),
  );
  app.get(
    `${W}/lead-webhook/deliveries`,
    {
      schema: {
        tags,
        summary: 'Lead deliveries, newest first: status, attempts, the last answer',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 200 } } },
      },
    },
    async (req) => ({ deliveries: await c.leadWebhooks.deliveries(await scopeOf(req), (req.query as { limit?: number }).limit) }),
  );
  app.get(
    `${W}/customer-risk`,
    {
      schema: {
        tags,
        summary: 'Customers to act on: highest churn risk first, with reasons',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500 } } },
      },
    },
    async (req) => ({
      customers: await c.insights.atRisk(await scopeOf(req), (req.query as { limit?: number }).limit),
    }),
  );
  app.post(`${W}/customer-risk/score`, { schema: { tags, summary: 'Score churn risk and lifecycle of every customer now', params: workspaceParams } }, async (req) => c.insights.scoreNow(await scopeOf(req)));
  const score = { type: 'number', minimum: 0, maximum: 1 };
  app.get(`${W}/customer-rules`, { schema: { tags, summary: 'Lifecycle rules', params: workspaceParams } }, async (req) => ({ rules: await c.insights.getRules(await scopeOf(req)) }));
  app.put(
    `${W}/customer-rules`,
    {
      schema: {
        tags,
        summary: 'Edit the lifecycle rules',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, properties: { newForDays: { type: 'integer', minimum: 0, maximum: 3650 }, atRiskScore: score, recoveredScore: score } },
      },
    },
    async (req) => ({ rules: await c.insights.setRules(await scopeOf(req), req.body as never) }),
  );
  app.get(
    `${W}/leads`,
    {
      schema: {
        tags,
        summary: 'Leads from purchase-intent posts',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...LEAD_STATUSES] }, ownerId: { type: 'string', format: 'uuid' }, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
      },
    },
    async (req) => ({ leads: await c.insights.leads(await scopeOf(req), req.query as never) }),
  );
  app.patch(
    `${W}/leads/:leadId`,
    {
      schema: {
        tags,
        summary: 'Set the owner, status or follow-up date of a lead',
        params: idParams('leadId'),
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { ownerId: { type: ['string', 'null'], format: 'uuid' }, status: { type: 'string', enum: [...LEAD_STATUSES] }, followUpAt: { type: ['string', 'null'], format: 'date-time' } },
        },
      },
    },
    async (req) => ({ lead: await c.insights.updateLead(await scopeOf(req), (req.params as { leadId: string }).leadId, req.body as never) }),
  );
  segmentsRoutes(app, { scopeOf, segments: c.segments, matching: c.matching });
}
