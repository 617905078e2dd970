import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid, notFound } from '../../platform/errors.js';
import { MAX_MEDIA_BYTES, type Microblog } from '../microblog/index.js';
import { baseOf, str, viewerOf } from './kit.js';
import type { OAuthService } from './oauth.service.js';
import { attachment } from './render.js';

/**
 * Uploads (`POST /api/v2/media`, `/api/v1/media`: multipart `file`, `description`), reading and describing
 * one's uploads, and the files themselves (`GET /media/:id/:token`), served with their sniffed type; what is
 * not an image is sent as a download in a sandbox, never rendered by the browser as a page.
 */
export function mediaRoutes(app: FastifyInstance, oauth: OAuthService, mb: Microblog): void {
  void app.register(multipart, { limits: { fileSize: MAX_MEDIA_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
  const upload = async (req: FastifyRequest) => {
    const viewer = await viewerOf(oauth, req, 'write');
    if (!req.isMultipart()) throw invalid('microblog.media_not_multipart', 'Send the file as multipart/form-data in the field "file".', 'file');
    let file: { data: Buffer; name: string } | undefined;
    let description = '';
    const tooLarge = (err: unknown) => {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw invalid('microblog.media_too_large', `A file may hold at most ${MAX_MEDIA_BYTES / 1024 / 1024} MB.`, 'file');
      throw err;
    };
    // The size limit can surface from the part's buffer or from the parts iterator, depending on timing.
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file) {
            await part.toBuffer().catch(() => undefined);
            continue;
          }
          file = { data: await part.toBuffer().catch(tooLarge), name: part.filename };
        } else if (part.fieldname === 'description') description = str(part.value, 1500) ?? '';
      }
    } catch (err) {
      tooLarge(err);
    }
    if (!file) throw invalid('microblog.media_missing', 'The form has no field "file".', 'file');
    return attachment(baseOf(req), await mb.media.upload(viewer, { data: file.data, fileName: file.name, description }));
  };
  app.post('/api/v2/media', async (req, reply) => reply.status(200).send(await upload(req)));
  app.post('/api/v1/media', async (req) => upload(req));
  app.get('/api/v1/media/:id', async (req) => attachment(baseOf(req), await mb.media.get(await viewerOf(oauth, req), (req.params as { id: string }).id)));
  app.put('/api/v1/media/:id', async (req) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    return attachment(baseOf(req), await mb.media.describe(await viewerOf(oauth, req, 'write'), (req.params as { id: string }).id, str(body.description, 1500) ?? ''));
  });
  app.get('/media/:id/:token', async (req, reply) => {
    const { id, token } = req.params as { id: string; token: string };
    const f = await mb.media.file(id, token);
    if (!f) throw notFound('microblog.media_not_found', 'No such file.');
    reply.header('content-type', f.contentType).header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox").header('cache-control', 'private, max-age=86400');
    if (f.kind !== 'image') reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    return reply.send(f.data);
  });
}
