import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { LinksService } from './links.service.js';
import type { ConversionsService } from './conversions.service.js';
import { analyticsCsv, DIMENSIONS, type LinkAnalytics } from './analytics.js';
import { redirectRoute, type RedirectDeps } from './redirect.js';

/** The services these routes use (the composition root passes all of its own). */
export interface LinksRouteServices {
  scopeOf: ScopeOf;
  clock: Clock;
  links: { links: LinksService; conversions: ConversionsService; analytics: LinkAnalytics; redirect: RedirectDeps };
}

const text = (max: number) => ({ type: 'string', maxLength: max });
const ctxProps = { campaign: text(100), channel: text(40), postId: text(100), variant: text(100), replyId: text(100), conversationId: text(100) };
const linkParams = { type: 'object', required: ['workspaceId', 'linkId'], properties: { ...workspaceParams.properties, linkId: { type: 'string', format: 'uuid' } } };
const rangeQuery = { type: 'object', properties: { by: { type: 'string', enum: [...DIMENSIONS] }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } };

export function linksRoutes(app: FastifyInstance, s: LinksRouteServices): void {
  const { links, conversions, analytics } = s.links;
  const scopeOf = s.scopeOf;
  const tags = ['links'];
  redirectRoute(app, s.links.redirect);

  app.get(
    '/api/v1/w/:workspaceId/links',
    {
      schema: {
        tags,
        summary: 'Short links of the workspace, newest first',
        params: workspaceParams,
        querystring: { type: 'object', properties: { campaign: text(100), channel: text(40), limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    },
    async (req) => ({ links: await links.list(await scopeOf(req), req.query as never) }),
  );
  app.post(
    '/api/v1/w/:workspaceId/links',
    {
      schema: {
        tags,
        summary: 'Create a short link (UTM parameters from the templates of its channel and campaign)',
        params: workspaceParams,
        body: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: text(2048), title: text(200), expiresAt: { type: 'string', format: 'date-time' }, ...ctxProps } },
      },
    },
    async (req, reply) => reply.status(201).send({ link: await links.create(await scopeOf(req), req.body as never) }),
  );
  app.post(
    '/api/v1/w/:workspaceId/links/rewrite',
    {
      schema: {
        tags,
        summary: 'Rewrite the links of a text into tracked short links for a post, variant or reply',
        params: workspaceParams,
        body: { type: 'object', required: ['text', 'channel'], additionalProperties: false, properties: { text: text(100_000), ...ctxProps, channel: { type: 'string', minLength: 1, maxLength: 40 } } },
      },
    },
    async (req) => {
      const { text: body, ...ctx } = req.body as { text: string; channel: string };
      return links.rewrite(await scopeOf(req), body, ctx);
    },
  );
  app.get('/api/v1/w/:workspaceId/links/utm-templates', { schema: { tags, summary: 'UTM templates per channel and campaign', params: workspaceParams } }, async (req) => ({ templates: await links.templates(await scopeOf(req)) }));
  app.put(
    '/api/v1/w/:workspaceId/links/utm-templates',
    {
      schema: {
        tags,
        summary: 'Set the UTM template of a channel and campaign ("" for every one); empty params remove it',
        params: workspaceParams,
        body: { type: 'object', required: ['params'], additionalProperties: false, properties: { channel: text(40), campaign: text(100), params: { type: 'object', additionalProperties: text(200) } } },
      },
    },
    async (req) => {
      const b = req.body as { channel?: string; campaign?: string; params: Record<string, string> };
      return { templates: await links.setTemplate(await scopeOf(req), { channel: b.channel ?? '', campaign: b.campaign ?? '', params: b.params }) };
    },
  );
  app.get('/api/v1/w/:workspaceId/links/settings', { schema: { tags, summary: 'Attribution window and model, and whether links in posts and replies are tracked', params: workspaceParams } }, async (req) =>
    conversions.settings(await scopeOf(req)),
  );
  app.put(
    '/api/v1/w/:workspaceId/links/settings',
    {
      schema: {
        tags,
        summary: 'Set the attribution window (days) and model (last_click or first_click), and whether links in published posts and replies become tracked links',
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { windowDays: { type: 'integer', minimum: 1, maximum: 365 }, model: { type: 'string', enum: ['last_click', 'first_click'] }, trackLinks: { type: 'boolean' } },
        },
      },
    },
    async (req) => conversions.updateSettings(await scopeOf(req), req.body as never),
  );
  app.post('/api/v1/w/:workspaceId/links/webhook-secret', { schema: { tags, summary: 'A new conversion webhook secret (shown once; the old one stops working)', params: workspaceParams } }, async (req, reply) =>
    reply.status(201).send(await conversions.rotateSecret(await scopeOf(req))),
  );
  app.get('/api/v1/w/:workspaceId/links/analytics', { schema: { tags, summary: 'Clicks, unique visitors, conversions and rate by link, channel, campaign or post', params: workspaceParams, querystring: rangeQuery } }, async (req) =>
    analytics.report(await scopeOf(req), { ...(req.query as object), now: s.clock.now() }),
  );
  app.get('/api/v1/w/:workspaceId/links/analytics.csv', { schema: { tags, summary: 'The same report as CSV (UTF-8 with BOM)', params: workspaceParams, querystring: rangeQuery } }, async (req, reply) => {
    const view = await analytics.report(await scopeOf(req), { ...(req.query as object), now: s.clock.now() });
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="links-${view.by}.csv"`).send(analyticsCsv(view));
  });
  app.get('/api/v1/w/:workspaceId/links/:linkId', { schema: { tags, summary: 'One short link', params: linkParams } }, async (req) => ({ link: await links.get(await scopeOf(req), (req.params as { linkId: string }).linkId) }));
  app.patch(
    '/api/v1/w/:workspaceId/links/:linkId',
    {
      schema: {
        tags,
        summary: 'Set or clear the expiry (a past date ends the link now)',
        params: linkParams,
        body: { type: 'object', required: ['expiresAt'], additionalProperties: false, properties: { expiresAt: { type: ['string', 'null'], format: 'date-time' } } },
      },
    },
    async (req) => ({ link: await links.setExpiry(await scopeOf(req), (req.params as { linkId: string }).linkId, (req.body as { expiresAt: string | null }).expiresAt) }),
  );

  app.get(
    '/api/v1/w/:workspaceId/conversions',
    { schema: { tags, summary: 'Conversions received, newest first', params: workspaceParams, querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } } } },
    async (req) => ({
      conversions: await conversions.list(await scopeOf(req), (req.query as { limit?: number }).limit),
    }),
  );
  app.post(
    '/api/v1/w/:workspaceId/conversions',
    { schema: { tags, summary: 'Record a conversion (ids only: eventId, type, clickId, clickIds, occurredAt, value, currency)', params: workspaceParams, body: { type: 'object' } } },
    async (req, reply) => reply.status(201).send({ conversion: await conversions.record(await scopeOf(req), req.body) }),
  );
  app.get(
    '/api/v1/w/:workspaceId/conversions/:conversionId',
    { schema: { tags, summary: 'One conversion and its attribution', params: { type: 'object', required: ['workspaceId', 'conversionId'], properties: { ...workspaceParams.properties, conversionId: { type: 'string', format: 'uuid' } } } } },
    async (req) => ({ conversion: await conversions.get(await scopeOf(req), (req.params as { conversionId: string }).conversionId) }),
  );

  // The bank's systems: signed with the workspace's webhook secret; the raw bytes are what is signed.
  app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    hooks.post(
      '/hooks/links/:ws/conversions',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Conversion webhook: HMAC-SHA256 of "<timestamp>.<body>" in x-sotong-signature (v1=hex), Unix seconds in x-sotong-timestamp',
          security: [],
          params: { type: 'object', properties: { ws: { type: 'string', maxLength: 64 } } },
        },
      },
      async (req: FastifyRequest, reply) => {
        const h = (n: string) => {
          const v = req.headers[n];
          return Array.isArray(v) ? v[0] : v;
        };
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const conversion = await conversions.receiveWebhook((req.params as { ws: string }).ws, { timestamp: h('x-sotong-timestamp'), signature: h('x-sotong-signature') }, raw);
        return reply.status(201).send({ conversion });
      },
    );
  });
}
