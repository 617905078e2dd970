/**
 * Routes of what happens after publishing: analytics per post and campaign, edits and take-downs of
 * published channel posts, and short linked variants spawned from a blog post.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { EngagementService } from './engagement.service.js';
import type { PostsService, PublishingDeps } from './posts.service.js';
import type { PublishedService } from './published.service.js';
import { spawnShortPost } from './spawn.js';
import { refreshPost } from './engagement.job.js';

export interface PublishedRouteServices {
  publishing: { posts: PostsService; engagement: EngagementService; published: PublishedService; deps: PublishingDeps };
  scopeOf: ScopeOf;
}

const variantParams = {
  type: 'object',
  required: ['workspaceId', 'postId', 'variantId'],
  properties: { ...workspaceParams.properties, postId: { type: 'string', format: 'uuid' }, variantId: { type: 'string', format: 'uuid' } },
} as const;
const postParams = { type: 'object', required: ['workspaceId', 'postId'], properties: { ...workspaceParams.properties, postId: { type: 'string', format: 'uuid' } } } as const;
const ids = (req: FastifyRequest) => req.params as { postId: string; variantId: string };

export function publishedRoutes(app: FastifyInstance, s: PublishedRouteServices): void {
  const tags = ['publishing'];
  const base = '/api/v1/w/:workspaceId/publishing';
  const p = s.publishing;
  app.get(
    `${base}/analytics`,
    {
      schema: {
        tags,
        summary: 'Per post and channel variant: the engagement pulled from the channel and the tracked links’ clicks and conversions (one post, one campaign, or the latest published)',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { postId: { type: 'string', format: 'uuid' }, campaignId: { type: 'string', format: 'uuid' } } },
      },
    },
    async (req) => p.engagement.analytics(await s.scopeOf(req), req.query as never),
  );
  app.post(`${base}/posts/:postId/engagement/refresh`, { schema: { tags, summary: 'Read the engagement of a published post from its channels now (the cadence is not moved)', params: postParams } }, async (req) => {
    const scope = await s.scopeOf(req);
    const pulled = await refreshPost(p.deps, p.engagement, scope, (req.params as { postId: string }).postId);
    return { pulled, analytics: await p.engagement.analytics(scope, { postId: (req.params as { postId: string }).postId }) };
  });
  app.post(
    `${base}/posts/:postId/variants/:variantId/edit`,
    {
      schema: {
        tags,
        summary: 'Edit a published channel post through its channel (screened again; approval where the chain has a compliance step)',
        params: variantParams,
        body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 100_000 } } },
      },
    },
    async (req) => p.published.edit(await s.scopeOf(req), ids(req).postId, ids(req).variantId, (req.body as { text: string }).text),
  );
  app.post(`${base}/posts/:postId/variants/:variantId/approve-edit`, { schema: { tags, summary: 'Approve a pending edit of a published channel post (then it goes out)', params: variantParams } }, async (req) =>
    p.published.approveEdit(await s.scopeOf(req), ids(req).postId, ids(req).variantId),
  );
  app.post(`${base}/posts/:postId/variants/:variantId/delete`, { schema: { tags, summary: 'Take a published channel post down through its channel (publishing.manage)', params: variantParams } }, async (req) =>
    p.published.delete(await s.scopeOf(req), ids(req).postId, ids(req).variantId),
  );
  app.post(
    `${base}/posts/:postId/spawn`,
    {
      schema: {
        tags,
        summary: 'From a published blog post, a draft of short variants for the chosen channels linking back to it',
        params: postParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['variants'],
          properties: {
            variants: {
              type: 'array',
              minItems: 1,
              maxItems: 20,
              items: { type: 'object', additionalProperties: false, required: ['target'], properties: { accountId: { type: ['string', 'null'], maxLength: 64 }, target: { type: 'string', minLength: 1, maxLength: 40 } } },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { variants: Array<{ accountId?: string | null; target: string }> };
      const view = await spawnShortPost(
        p.deps,
        p.posts,
        await s.scopeOf(req),
        (req.params as { postId: string }).postId,
        body.variants.map((v) => ({ accountId: v.accountId ?? null, target: v.target })),
      );
      return reply.status(201).send(view);
    },
  );
}
