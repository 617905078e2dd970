import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams } from '../../http/context.js';
import type { Viewer } from './context.js';
import { MAX_MEDIA_BYTES } from './media.service.js';
import type { Microblog } from './microblog.js';

const tags = ['microblog'];

/**
 * Uploads from the web composer: the file is the request body as sent (any content type; the type is read
 * from the bytes), its name and alt text in the query. The same service as the Mastodon API's media, so
 * the same screen: a spreadsheet or a marked name comes back with its hold reasons before anything is posted.
 */
export function webMediaRoutes(app: FastifyInstance, mb: Microblog, viewer: (req: FastifyRequest) => Promise<Viewer>): void {
  const base = '/api/v1/w/:workspaceId/microblog/media';
  void app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_MEDIA_BYTES }, (_req, body, done) => done(null, body));
    scoped.post(
      base,
      {
        bodyLimit: MAX_MEDIA_BYTES,
        schema: {
          tags,
          summary: 'Upload an image or file for a post (the body is the file, at most 10 MB; screened by the guideline screen)',
          params: workspaceParams,
          querystring: { type: 'object', additionalProperties: false, properties: { fileName: { type: 'string', maxLength: 200 }, description: { type: 'string', maxLength: 1500 } } },
        },
      },
      async (req, reply) => {
        const v = await viewer(req);
        const q = req.query as { fileName?: string; description?: string };
        const data = Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
        return reply.status(201).send({ media: await mb.media.upload(v, { data, fileName: q.fileName ?? 'file', description: q.description ?? '' }) });
      },
    );
  });
  const idParams = { type: 'object', required: ['workspaceId', 'mediaId'], properties: { ...workspaceParams.properties, mediaId: { type: 'string', maxLength: 200 } } } as const;
  app.get(`${base}/:mediaId`, { schema: { tags, summary: 'One of my uploads', params: idParams } }, async (req) => ({ media: await mb.media.get(await viewer(req), (req.params as { mediaId: string }).mediaId) }));
  app.put(
    `${base}/:mediaId`,
    {
      schema: {
        tags,
        summary: 'Describe one of my uploads (alt text), before it is posted; screened again',
        params: idParams,
        body: { type: 'object', required: ['description'], additionalProperties: false, properties: { description: { type: 'string', maxLength: 1500 } } },
      },
    },
    async (req) => ({ media: await mb.media.describe(await viewer(req), (req.params as { mediaId: string }).mediaId, (req.body as { description: string }).description) }),
  );
}
