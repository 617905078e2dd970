import { groupsRoutes } from './groups.routes.js';
import { scimRoutes } from './scim.routes.js';
import { curationRoutes } from './curation.routes.js';
import { webMediaRoutes } from './media-web.routes.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { Microblog } from './microblog.js';
import type { Viewer } from './context.js';

/** The services these routes use. */
export interface MicroblogRouteServices {
  scopeOf: ScopeOf;
  microblog: Microblog;
}

const idParams = (name: string) => ({ type: 'object', required: ['workspaceId', name], properties: { ...workspaceParams.properties, [name]: { type: 'string', maxLength: 200 } } }) as const;
const pageQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 80 }, maxId: { type: 'string', maxLength: 20 }, sinceId: { type: 'string', maxLength: 20 }, minId: { type: 'string', maxLength: 20 } },
} as const;
const onBody = { type: 'object', additionalProperties: false, properties: { on: { type: 'boolean' } } } as const;
const noteBody = { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } } as const;

/** The microblog for the web UI (session or token of a person): /api/v1/w/:workspaceId/microblog/... */
export function microblogRoutes(app: FastifyInstance, s: MicroblogRouteServices): void {
  scimRoutes(app, { scopeOf: s.scopeOf, scim: s.microblog.scim });
  groupsRoutes(app, s);
  const tags = ['microblog'];
  const mb = s.microblog;
  const viewer = async (req: FastifyRequest): Promise<Viewer> => mb.people.viewer(await s.scopeOf(req));
  const p = (req: FastifyRequest) => req.params as Record<string, string>;
  const page = (req: FastifyRequest) => req.query as { limit?: number; maxId?: number; sinceId?: number; minId?: number };
  const base = '/api/v1/w/:workspaceId/microblog';
  curationRoutes(app, mb, viewer);
  webMediaRoutes(app, mb, viewer);

  app.get(`${base}/me`, { schema: { tags, summary: 'My microblog profile', params: workspaceParams } }, async (req) => {
    const v = await viewer(req);
    return { person: await mb.people.get(v, v.person.id) };
  });
  app.get(`${base}/timelines/:kind`, { schema: { tags, summary: 'Home, local (any other kind), bookmarks or favourites, newest first (cursor paging on ids)', params: idParams('kind'), querystring: pageQuery } }, async (req) => {
    const v = await viewer(req);
    const kind = p(req).kind;
    const posts =
      kind === 'home'
        ? await mb.timelines.home(v, page(req))
        : kind === 'bookmarks'
          ? await mb.timelines.bookmarks(v, page(req))
          : kind === 'favourites'
            ? await mb.timelines.favourites(v, page(req))
            : await mb.timelines.local(v, page(req));
    return { posts };
  });
  app.post(
    `${base}/posts`,
    {
      schema: {
        tags,
        summary: 'Post (screened by the guideline screen; a flagged post is held with reasons)',
        params: workspaceParams,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: {
            text: { type: 'string', maxLength: 20000 },
            spoiler: { type: 'string', maxLength: 500 },
            visibility: { type: 'string', enum: ['public', 'unlisted', 'private', 'direct'] },
            replyToId: { type: 'string', maxLength: 20 },
            mediaIds: { type: 'array', maxItems: 4, items: { type: 'string', maxLength: 20 } },
            groupId: { type: 'string', maxLength: 20 },
            poll: {
              type: 'object',
              required: ['options'],
              additionalProperties: false,
              properties: { options: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 200 } }, expiresInSeconds: { type: 'integer', minimum: 300, maximum: 2629746 }, multiple: { type: 'boolean' } },
            },
          },
        },
      },
    },
    async (req, reply) => reply.status(201).send(await mb.posts.create(await viewer(req), req.body as never)),
  );
  app.get(`${base}/posts/:postId`, { schema: { tags, summary: 'A post', params: idParams('postId') } }, async (req) => ({ post: await mb.posts.get(await viewer(req), p(req).postId!) }));
  app.get(`${base}/posts/:postId/context`, { schema: { tags, summary: 'A post’s thread', params: idParams('postId') } }, async (req) => mb.posts.context(await viewer(req), p(req).postId!));
  app.get(`${base}/posts/:postId/history`, { schema: { tags, summary: 'A post’s edits', params: idParams('postId') } }, async (req) => ({ versions: await mb.posts.history(await viewer(req), p(req).postId!) }));
  app.patch(
    `${base}/posts/:postId`,
    {
      schema: {
        tags,
        summary: 'Edit (or fix a held post); screened again',
        params: idParams('postId'),
        body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', maxLength: 20000 }, spoiler: { type: 'string', maxLength: 500 } } },
      },
    },
    async (req) => mb.posts.edit(await viewer(req), p(req).postId!, req.body as never),
  );
  app.delete(`${base}/posts/:postId`, { schema: { tags, summary: 'Delete a post (author or moderator)', params: idParams('postId') } }, async (req, reply) => {
    await mb.posts.remove(await viewer(req), p(req).postId!);
    return reply.status(204).send();
  });
  for (const [action, fn] of [
    ['favourite', (v: Viewer, id: string, on: boolean) => mb.posts.favourite(v, id, on)],
    ['boost', (v: Viewer, id: string, on: boolean) => mb.posts.reblog(v, id, on)],
    ['bookmark', (v: Viewer, id: string, on: boolean) => mb.posts.bookmark(v, id, on)],
  ] as const) {
    app.post(`${base}/posts/:postId/${action}`, { schema: { tags, summary: `${action} (on: false to undo)`, params: idParams('postId'), body: onBody } }, async (req) => ({
      post: await fn(await viewer(req), p(req).postId!, (req.body as { on?: boolean } | undefined)?.on !== false),
    }));
  }
  app.post(
    `${base}/polls/:pollId/votes`,
    {
      schema: {
        tags,
        summary: 'Vote on a poll',
        params: idParams('pollId'),
        body: { type: 'object', required: ['choices'], additionalProperties: false, properties: { choices: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'integer', minimum: 0, maximum: 9 } } } },
      },
    },
    async (req) => ({ poll: await mb.social.vote(await viewer(req), p(req).pollId!, (req.body as { choices: number[] }).choices) }),
  );
  app.get(`${base}/people/:personId`, { schema: { tags, summary: 'A person, and whether I follow them', params: idParams('personId') } }, async (req) => {
    const v = await viewer(req);
    const person = await mb.people.get(v, p(req).personId!);
    return { person, relationship: (await mb.social.relationships(v, [person.id]))[0] ?? null };
  });
  for (const of of ['followers', 'following'] as const)
    app.get(`${base}/people/:personId/${of}`, { schema: { tags, summary: `A person’s ${of}`, params: idParams('personId'), querystring: pageQuery } }, async (req) => ({
      people: await mb.social.followers(await viewer(req), p(req).personId!, of, page(req)),
    }));
  app.get(`${base}/people/:personId/posts`, { schema: { tags, summary: 'A person’s posts', params: idParams('personId'), querystring: pageQuery } }, async (req) => ({
    posts: await mb.timelines.person(await viewer(req), p(req).personId!, page(req)),
  }));
  app.post(`${base}/people/:personId/follow`, { schema: { tags, summary: 'Follow a person (on: false to unfollow)', params: idParams('personId'), body: onBody } }, async (req) => ({
    relationship: await mb.social.follow(await viewer(req), p(req).personId!, (req.body as { on?: boolean } | undefined)?.on !== false),
  }));
  app.get(`${base}/tags/:tag`, { schema: { tags, summary: 'A tag’s page: pinned and best posts, top contributors, related tags, summary (a merged tag answers as its target)', params: idParams('tag') } }, async (req) =>
    mb.curation.page(await viewer(req), p(req).tag!),
  );
  app.get(`${base}/tags/:tag/posts`, { schema: { tags, summary: 'A tag’s timeline', params: idParams('tag'), querystring: pageQuery } }, async (req) => ({ posts: await mb.timelines.tag(await viewer(req), p(req).tag!, page(req)) }));
  app.post(`${base}/tags/:tag/follow`, { schema: { tags, summary: 'Follow a tag (on: false to unfollow)', params: idParams('tag'), body: onBody } }, async (req) => ({
    tag: await mb.social.followTag(await viewer(req), p(req).tag!, (req.body as { on?: boolean } | undefined)?.on !== false),
  }));
  app.get(
    `${base}/search`,
    { schema: { tags, summary: 'Search posts (Korean-aware), people and tags', params: workspaceParams, querystring: { type: 'object', required: ['q'], properties: { q: { type: 'string', maxLength: 200 } } } } },
    async (req) => {
      const v = await viewer(req);
      const q = (req.query as { q: string }).q;
      return { posts: await mb.timelines.searchPosts(v, q, {}), people: await mb.people.search(v, q), tags: await mb.timelines.searchTags(v, q) };
    },
  );
  app.get(`${base}/notifications`, { schema: { tags, summary: 'My notifications', params: workspaceParams, querystring: pageQuery } }, async (req) => ({ notifications: await mb.social.notifications(await viewer(req), page(req)) }));
  app.get(`${base}/ranking`, { schema: { tags, summary: 'Helpful people: reactions and replies received in the last 30 days', params: workspaceParams } }, async (req) => {
    const v = await viewer(req);
    return { ranking: await mb.social.ranking(v), rankingOptOut: v.person.ranking_opt_out };
  });
  app.get(`${base}/moderation`, { schema: { tags, summary: 'Held posts, oldest first (moderators)', params: workspaceParams } }, async (req) => ({ posts: await mb.moderation.queue(await viewer(req)) }));
  app.post(`${base}/moderation/:postId/release`, { schema: { tags, summary: 'Release a held post (moderators)', params: idParams('postId'), body: noteBody } }, async (req) => ({
    post: await mb.moderation.release(await viewer(req), p(req).postId!, (req.body as { note?: string } | undefined)?.note ?? ''),
  }));
  app.post(`${base}/moderation/:postId/reject`, { schema: { tags, summary: 'Remove a held post (moderators)', params: idParams('postId'), body: noteBody } }, async (req, reply) => {
    await mb.moderation.reject(await viewer(req), p(req).postId!, (req.body as { note?: string } | undefined)?.note ?? '');
    return reply.status(204).send();
  });
  app.post(
    `${base}/people/import`,
    {
      schema: {
        tags,
        summary: 'Directory import (CSV text: email,name,department,title,extension,photo,employee_no,status)',
        params: workspaceParams,
        body: { type: 'object', required: ['csv'], additionalProperties: false, properties: { csv: { type: 'string', maxLength: 5_000_000 } } },
      },
    },
    async (req) => mb.people.importCsv(await s.scopeOf(req), (req.body as { csv: string }).csv),
  );
}
