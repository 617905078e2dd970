import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { PRODUCTS } from '../screening/index.js';
import { ROLES } from '../../platform/access/roles.js';
import type { ApprovalsService } from './approvals.service.js';
import type { CalendarService } from './calendar.service.js';
import type { DeliveryService } from './delivery.service.js';
import type { PostsService } from './posts.service.js';
import { POST_STATUSES } from './publishing.tables.js';

export interface PublishingRouteServices {
  publishing: { posts: PostsService; approvals: ApprovalsService; delivery: DeliveryService; calendar: CalendarService };
  scopeOf: ScopeOf;
}

const product = { type: ['string', 'null'], enum: [...PRODUCTS, null] } as const;
const media = {
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'altText'],
    properties: { url: { type: 'string', minLength: 1, maxLength: 4000 }, altText: { type: 'string', maxLength: 1500 }, mimeType: { type: 'string', maxLength: 100 } },
  },
} as const;
const postBody = {
  type: 'object',
  additionalProperties: false,
  required: ['masterText', 'variants'],
  properties: {
    campaignId: { type: ['string', 'null'], maxLength: 64 },
    title: { type: 'string', maxLength: 300 },
    masterText: { type: 'string', maxLength: 100_000 },
    product,
    scheduledAt: { type: ['string', 'null'], format: 'date-time' },
    variants: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['target'],
        properties: { accountId: { type: ['string', 'null'], maxLength: 64 }, target: { type: 'string', minLength: 1, maxLength: 40 }, text: { type: 'string', maxLength: 100_000 }, media },
      },
    },
  },
} as const;
const postParams = { type: 'object', required: ['workspaceId', 'postId'], properties: { ...workspaceParams.properties, postId: { type: 'string', format: 'uuid' } } } as const;
const commentBody = { type: 'object', additionalProperties: false, required: ['comment'], properties: { comment: { type: 'string', minLength: 1, maxLength: 5000 } } } as const;
const step = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'roles'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 80 }, roles: { type: 'array', minItems: 1, maxItems: ROLES.length, items: { type: 'string', enum: [...ROLES] } }, compliance: { type: 'boolean' } },
} as const;
const settingsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['chains', 'reviewTemplate', 'deadlineMinutes', 'stampTargets'],
  properties: {
    chains: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['product', 'steps', 'reapproveOnReschedule'],
        properties: { product: { type: 'string', enum: [...PRODUCTS, 'none', '*'] }, steps: { type: 'array', minItems: 1, maxItems: 6, items: step }, reapproveOnReschedule: { type: 'boolean' } },
      },
    },
    reviewTemplate: { type: 'string', minLength: 1, maxLength: 200 },
    deadlineMinutes: { type: 'integer', minimum: 0, maximum: 43_200 },
    stampTargets: { type: 'array', maxItems: 40, items: { type: 'string', minLength: 1, maxLength: 40 } },
  },
} as const;
const postId = (req: FastifyRequest) => (req.params as { postId: string }).postId;

export function publishingRoutes(app: FastifyInstance, s: PublishingRouteServices): void {
  const tags = ['publishing'];
  const base = '/api/v1/w/:workspaceId/publishing';
  const p = s.publishing;
  const post = (path: string, summary: string, body: object | undefined, run: (req: FastifyRequest) => Promise<unknown>, params: object = postParams) =>
    app.post(`${base}${path}`, { schema: { tags, summary, params, ...(body ? { body } : {}) } }, run);

  app.get(
    `${base}/targets`,
    { schema: { tags, summary: 'Where posts can go (the adapters’ publish targets and the built-in blog)', params: workspaceParams } },
    async (req) => (await s.scopeOf(req), { targets: p.posts.targets(), channels: p.posts.targetsByChannel() }),
  );
  app.get(`${base}/settings`, { schema: { tags, summary: 'Approval chains, the 심의필 template, the approval deadline', params: workspaceParams } }, async (req) => p.posts.settings(await s.scopeOf(req)));
  app.put(`${base}/settings`, { schema: { tags, summary: 'Save the publishing settings (publishing.manage)', params: workspaceParams, body: settingsBody } }, async (req) => p.posts.saveSettings(await s.scopeOf(req), req.body as never));
  app.get(`${base}/campaigns`, { schema: { tags, summary: 'Campaigns', params: workspaceParams } }, async (req) => ({ campaigns: await p.posts.campaigns(await s.scopeOf(req)) }));
  app.post(
    `${base}/campaigns`,
    {
      schema: {
        tags,
        summary: 'Create a campaign',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, product, note: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req, reply) => reply.status(201).send(await p.posts.createCampaign(await s.scopeOf(req), req.body as never)),
  );
  app.get(
    `${base}/posts`,
    {
      schema: {
        tags,
        summary: 'Posts, newest change first',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...POST_STATUSES] }, campaignId: { type: 'string', format: 'uuid' }, limit: { type: 'integer', minimum: 1, maximum: 500 } },
        },
      },
    },
    async (req) => ({ posts: await p.posts.list(await s.scopeOf(req), req.query as never) }),
  );
  app.post(`${base}/posts`, { schema: { tags, summary: 'Compose a post: master text and per-channel variants', params: workspaceParams, body: postBody } }, async (req, reply) =>
    reply.status(201).send(await p.posts.create(await s.scopeOf(req), req.body as never)),
  );
  app.get(`${base}/posts/:postId`, { schema: { tags, summary: 'A post with each variant’s count and findings', params: postParams } }, async (req) => p.posts.get(await s.scopeOf(req), postId(req)));
  app.put(`${base}/posts/:postId`, { schema: { tags, summary: 'Edit a post (an approved post goes back to review)', params: postParams, body: postBody } }, async (req) =>
    p.posts.update(await s.scopeOf(req), postId(req), req.body as never),
  );
  post('/posts/:postId/submit', 'Send a post for approval (screened first)', { type: 'object', additionalProperties: false, properties: { comment: { type: 'string', maxLength: 5000 } } }, async (req) =>
    p.approvals.submit(await s.scopeOf(req), postId(req), (req.body as { comment?: string } | undefined)?.comment),
  );
  post(
    '/posts/:postId/approve',
    'Approve the current step (the compliance step assigns the 심의필)',
    {
      type: 'object',
      additionalProperties: false,
      properties: { comment: { type: 'string', maxLength: 5000 }, reviewNumber: { type: 'string', maxLength: 40 }, validFrom: { type: 'string', maxLength: 10 }, validUntil: { type: 'string', maxLength: 10 } },
    },
    async (req) => p.approvals.approve(await s.scopeOf(req), postId(req), (req.body ?? {}) as never),
  );
  post('/posts/:postId/request-changes', 'Send a post back to its maker with a comment', commentBody, async (req) => p.approvals.requestChanges(await s.scopeOf(req), postId(req), (req.body as { comment: string }).comment));
  app.post(`${base}/posts/:postId/comments`, { schema: { tags, summary: 'Comment on a post', params: postParams, body: commentBody } }, async (req, reply) =>
    reply.status(201).send(await p.approvals.comment(await s.scopeOf(req), postId(req), (req.body as { comment: string }).comment)),
  );
  app.get(`${base}/posts/:postId/reviews`, { schema: { tags, summary: 'Submissions, approvals, requests for changes and comments', params: postParams } }, async (req) => ({
    reviews: await p.approvals.reviews(await s.scopeOf(req), postId(req)),
  }));
  app.get(
    `${base}/posts/:postId/diff`,
    {
      schema: {
        tags,
        summary: 'What changed between two review rounds',
        params: postParams,
        querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'integer', minimum: 0, maximum: 100000 }, to: { type: 'integer', minimum: 1, maximum: 100000 } } },
      },
    },
    async (req) => {
      const q = req.query as { from?: number; to?: number };
      return p.approvals.diff(await s.scopeOf(req), postId(req), q.from, q.to);
    },
  );
  post(
    '/posts/:postId/schedule',
    'Move a post to another slot (re-approval where the chain says)',
    { type: 'object', additionalProperties: false, required: ['scheduledAt'], properties: { scheduledAt: { type: 'string', format: 'date-time' } } },
    async (req) => p.posts.reschedule(await s.scopeOf(req), postId(req), (req.body as { scheduledAt: string }).scheduledAt),
  );
  post('/posts/:postId/resume', 'Put a paused or stopped post back on its schedule', undefined, async (req) => p.delivery.resume(await s.scopeOf(req), postId(req)));
  post(
    '/check',
    'Count a text in a channel’s own unit and screen it (the composer’s live check)',
    { type: 'object', additionalProperties: false, required: ['target', 'text'], properties: { target: { type: 'string', minLength: 1, maxLength: 40 }, text: { type: 'string', maxLength: 100_000 }, product, media } },
    async (req) => p.posts.check(await s.scopeOf(req), req.body as never),
    workspaceParams,
  );
  post(
    '/stop-all',
    'Crisis: stop everything scheduled, in one click',
    { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 2000 } } },
    async (req) => p.delivery.stopAll(await s.scopeOf(req), (req.body as { reason?: string } | undefined)?.reason),
    workspaceParams,
  );
  app.get(
    `${base}/calendar`,
    {
      schema: {
        tags,
        summary: 'Posts by slot between from and to (a month or a week), by channel and campaign',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            target: { type: 'string', maxLength: 40 },
            campaignId: { type: 'string', maxLength: 64 },
            accountId: { type: 'string', maxLength: 64 },
          },
        },
      },
    },
    // The store writes the JSON (calendar.service.ts): sent as it is, not parsed and written again.
    async (req, reply) => reply.type('application/json; charset=utf-8').send(await p.calendar.entriesJson(await s.scopeOf(req), req.query as never)),
  );
  app.get(
    `${base}/best-times`,
    {
      schema: {
        tags,
        summary: 'Best hours of the week to post, per channel, from the workspace’s own engagement',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { channel: { type: 'string', maxLength: 40 }, days: { type: 'integer', minimum: 7, maximum: 365 }, top: { type: 'integer', minimum: 1, maximum: 24 } } },
      },
    },
    async (req) => p.calendar.bestTimes(await s.scopeOf(req), req.query as never),
  );
}
