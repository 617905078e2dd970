import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { workspaceParams } from '../../http/context.js';
import { notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { BlogService } from './blog.service.js';
import { renderAtom, renderIndex, renderPost, renderRss } from './render.js';

export interface BlogRouteServices {
  blog: BlogService;
  clock: Clock;
  scopeOf: (req: FastifyRequest) => Promise<Scope>;
}

const postParams = { type: 'object', required: ['workspaceId', 'postId'], properties: { ...workspaceParams.properties, postId: { type: 'string', maxLength: 100 } } } as const;
const coverUrl = { type: 'string', maxLength: 2_000_000, description: 'https URL or data:image URL' } as const;
const postBody = {
  title: { type: 'string', minLength: 1, maxLength: 300 },
  html: { type: 'string', maxLength: 1_000_000, description: 'The body as HTML; scripts, event handlers and unknown tags are removed' },
  text: { type: 'string', maxLength: 1_000_000, description: 'The body as plain text (used when there is no html)' },
  coverUrl,
  coverAlt: { type: 'string', maxLength: 1000 },
} as const;
const publicParams = { type: 'object', required: ['workspace'], properties: { workspace: { type: 'string', maxLength: 100 } } } as const;
const publicPostParams = { type: 'object', required: ['workspace', 'post'], properties: { workspace: { type: 'string', maxLength: 100 }, post: { type: 'string', maxLength: 300 } } } as const;

const missing = () => notFound('blog.not_found', 'No such blog or post.');

function send(reply: FastifyReply, type: string, body: string): FastifyReply {
  return reply.header('content-type', `${type}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(body);
}

export function blogRoutes(app: FastifyInstance, s: BlogRouteServices): void {
  const tags = ['blog'];
  const base = '/api/v1/w/:workspaceId/blog';
  app.get(`${base}/posts`, { schema: { tags, summary: 'Posts of the built-in blog, newest first', params: workspaceParams } }, async (req) => ({ posts: await s.blog.list(await s.scopeOf(req)) }));
  app.post(
    `${base}/posts`,
    {
      schema: {
        tags,
        summary: 'Publish a post on the built-in blog (idempotent by idempotencyKey)',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['title'], properties: { ...postBody, idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 } } },
      },
    },
    async (req, reply) => reply.status(201).send(await s.blog.publish(await s.scopeOf(req), req.body as never)),
  );
  app.get(`${base}/posts/:postId`, { schema: { tags, summary: 'One blog post', params: postParams } }, async (req) => s.blog.get(await s.scopeOf(req), (req.params as { postId: string }).postId));
  app.patch(`${base}/posts/:postId`, { schema: { tags, summary: 'Edit a blog post (title, body, cover)', params: postParams, body: { type: 'object', additionalProperties: false, properties: postBody } } }, async (req) =>
    s.blog.edit(await s.scopeOf(req), (req.params as { postId: string }).postId, req.body as never),
  );
  app.delete(`${base}/posts/:postId`, { schema: { tags, summary: 'Delete a blog post', params: postParams } }, async (req, reply) => {
    await s.blog.delete(await s.scopeOf(req), (req.params as { postId: string }).postId);
    return reply.status(204).send();
  });
  app.get(`${base}/settings`, { schema: { tags, summary: "The blog's title, description, public address and channel links", params: workspaceParams } }, async (req) => s.blog.settings(await s.scopeOf(req)));
  app.put(
    `${base}/settings`,
    {
      schema: {
        tags,
        summary: "Change the blog's title, description and links to the bank's channel accounts",
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            title: { type: 'string', maxLength: 200 },
            description: { type: 'string', maxLength: 2000 },
            links: {
              type: 'array',
              maxItems: 20,
              items: { type: 'object', additionalProperties: false, required: ['label', 'url'], properties: { label: { type: 'string', minLength: 1, maxLength: 80 }, url: { type: 'string', minLength: 1, maxLength: 2000 } } },
            },
          },
        },
      },
    },
    async (req) => s.blog.updateSettings(await s.scopeOf(req), req.body as never),
  );

  // The public blog: no sign-in; only the workspace's slug names it.
  const pub = ['blog (public)'];
  app.get('/blog/:workspace', { schema: { tags: pub, summary: 'The public blog (redirects to the address with a slash)', params: publicParams, security: [] } }, async (req, reply) =>
    reply.redirect(`/blog/${encodeURIComponent((req.params as { workspace: string }).workspace)}/`, 301),
  );
  app.get('/blog/:workspace/', { schema: { tags: pub, summary: "The public blog's index page", params: publicParams, security: [] } }, async (req, reply) => {
    const blog = await s.blog.publicBlog((req.params as { workspace: string }).workspace);
    if (!blog) throw missing();
    return send(reply, 'text/html', renderIndex(blog.settings, blog.posts));
  });
  app.get('/blog/:workspace/rss.xml', { schema: { tags: pub, summary: 'The public blog as RSS 2.0', params: publicParams, security: [] } }, async (req, reply) => {
    const blog = await s.blog.publicBlog((req.params as { workspace: string }).workspace, 30);
    if (!blog) throw missing();
    return send(reply, 'application/rss+xml', renderRss(blog.settings, blog.posts));
  });
  app.get('/blog/:workspace/atom.xml', { schema: { tags: pub, summary: 'The public blog as Atom 1.0', params: publicParams, security: [] } }, async (req, reply) => {
    const blog = await s.blog.publicBlog((req.params as { workspace: string }).workspace, 30);
    if (!blog) throw missing();
    return send(reply, 'application/atom+xml', renderAtom(blog.settings, blog.posts, s.clock.now()));
  });
  app.get('/blog/:workspace/:post', { schema: { tags: pub, summary: 'One public blog post (OpenGraph and Twitter card meta)', params: publicPostParams, security: [] } }, async (req, reply) => {
    const { workspace, post } = req.params as { workspace: string; post: string };
    const found = await s.blog.publicPost(workspace, post);
    if (!found) throw missing();
    return send(reply, 'text/html', renderPost(found.settings, found.post));
  });
}
