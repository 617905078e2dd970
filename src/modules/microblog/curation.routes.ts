import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams } from '../../http/context.js';
import type { Viewer } from './context.js';
import type { Microblog } from './microblog.js';

const tags = ['microblog'];
const tagParams = { type: 'object', required: ['workspaceId', 'tag'], properties: { ...workspaceParams.properties, tag: { type: 'string', maxLength: 200 } } } as const;
const pinParams = { type: 'object', required: ['workspaceId', 'tag', 'postId'], properties: { ...workspaceParams.properties, tag: { type: 'string', maxLength: 200 }, postId: { type: 'string', maxLength: 200 } } } as const;

/** Tag curation for the web (`microblog.curate`): pins, their order, the description, merges. */
export function curationRoutes(app: FastifyInstance, mb: Microblog, viewer: (req: FastifyRequest) => Promise<Viewer>): void {
  const base = '/api/v1/w/:workspaceId/microblog/tags/:tag';
  const p = (req: FastifyRequest) => req.params as { tag: string; postId?: string };
  app.put(`${base}/pins/:postId`, { schema: { tags, summary: 'Pin a post of the tag on its page (curators; appended after the other pins)', params: pinParams } }, async (req) =>
    mb.curation.pin(await viewer(req), p(req).tag, p(req).postId!, true),
  );
  app.delete(`${base}/pins/:postId`, { schema: { tags, summary: 'Unpin a post from the tag’s page (curators)', params: pinParams } }, async (req) => mb.curation.pin(await viewer(req), p(req).tag, p(req).postId!, false));
  app.put(
    `${base}/pins`,
    {
      schema: {
        tags,
        summary: 'Order the pinned posts (curators): the given ones first, in that order',
        params: tagParams,
        body: { type: 'object', required: ['postIds'], additionalProperties: false, properties: { postIds: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 20 } } } },
      },
    },
    async (req) => mb.curation.reorder(await viewer(req), p(req).tag, (req.body as { postIds: string[] }).postIds),
  );
  app.put(
    `${base}/description`,
    {
      schema: {
        tags,
        summary: 'What the tag is for, written by a curator (empty removes it)',
        params: tagParams,
        body: { type: 'object', required: ['description'], additionalProperties: false, properties: { description: { type: 'string', maxLength: 4000 } } },
      },
    },
    async (req) => mb.curation.describe(await viewer(req), p(req).tag, (req.body as { description: string }).description),
  );
  app.post(
    `${base}/merge`,
    {
      schema: {
        tags,
        summary: 'Merge the tag into another (curators): posts re-tagged, followers and pins moved, the old name answers as the new one',
        params: tagParams,
        body: { type: 'object', required: ['into'], additionalProperties: false, properties: { into: { type: 'string', minLength: 1, maxLength: 200 } } },
      },
    },
    async (req) => ({ merge: await mb.curation.merge(await viewer(req), p(req).tag, (req.body as { into: string }).into) }),
  );
}
