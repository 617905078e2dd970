import type { FastifyInstance } from 'fastify';
import type { ImportService } from './import.service.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';

const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** The services these routes use (the composition root passes all of its own). */
export interface ImportRouteServices {
  scopeOf: ScopeOf;
  imports: ImportService;
}

export function importRoutes(app: FastifyInstance, s: ImportRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['imports'];
  app.register(async (scoped) => {
    // The file is the body, as sent: CSV or JSON lines.
    scoped.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/jsonl', 'text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    scoped.post(
      '/api/v1/w/:workspaceId/imports',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags,
          summary: 'Import history from a CSV or JSONL file sent as the body; returns at once, poll the import for progress',
          params: workspaceParams,
          querystring: {
            type: 'object',
            required: ['channel', 'format'],
            additionalProperties: false,
            properties: { channel: { type: 'string', minLength: 1, maxLength: 40 }, format: { type: 'string', enum: ['csv', 'jsonl'] }, name: { type: 'string', maxLength: 200 } },
          },
        },
      },
      async (req, reply) => {
        const q = req.query as { channel: string; format: 'csv' | 'jsonl'; name?: string };
        const text = typeof req.body === 'string' ? req.body : '';
        const { view } = await s.imports.start(await scopeOf(req), { channel: q.channel, format: q.format, name: q.name ?? `${q.channel}.${q.format}`, text });
        return reply.status(202).send({ import: view });
      },
    );
  });
  app.get('/api/v1/w/:workspaceId/imports', { schema: { tags, summary: 'Recent imports', params: workspaceParams } }, async (req) => ({ imports: await s.imports.list(await scopeOf(req)) }));
  app.get(
    '/api/v1/w/:workspaceId/imports/:importId',
    {
      schema: { tags, summary: 'One import with its progress and row errors', params: { type: 'object', required: ['workspaceId', 'importId'], properties: { ...workspaceParams.properties, importId: { type: 'string', format: 'uuid' } } } },
    },
    async (req) => ({ import: await s.imports.get(await scopeOf(req), (req.params as { importId: string }).importId) }),
  );
}
