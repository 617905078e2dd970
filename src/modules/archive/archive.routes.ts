import type { FastifyInstance } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { ArchiveAdmin } from './archive.admin.js';
import type { ArchiveService } from './archive.service.js';
import { VERSION_KINDS } from './chain.js';

/** The services these routes use (the composition root passes all of its own). */
export interface ArchiveRouteServices {
  scopeOf: ScopeOf;
  archive: ArchiveService;
  archiveAdmin: ArchiveAdmin;
}

const tags = ['archive'];
const uuid = { type: 'string', format: 'uuid' } as const;
const when = { type: 'string', format: 'date-time' } as const;
const withParam = (name: string, schema: object) => ({ type: 'object', required: ['workspaceId', name], properties: { ...workspaceParams.properties, [name]: schema } });
const holdBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, reason: { type: 'string', maxLength: 2000 }, personId: uuid, channel: { type: 'string', minLength: 1, maxLength: 40 }, conversationId: uuid, from: when, to: when },
};

export function archiveRoutes(app: FastifyInstance, s: ArchiveRouteServices): void {
  const base = '/api/v1/w/:workspaceId/archive';
  app.get(
    `${base}/versions`,
    {
      schema: {
        tags,
        summary: 'eDiscovery: search archived message versions, newest first (compliance; audited; text masked)',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            personId: uuid,
            customerId: { ...uuid, description: 'Every version of every identity linked to this customer (a revoked link: its versions before the revocation).' },
            channel: { type: 'string', maxLength: 40 },
            conversationId: uuid,
            kind: { type: 'string', enum: [...VERSION_KINDS] },
            from: when,
            to: when,
            words: { type: 'string', maxLength: 200 },
            labels: { type: 'string', maxLength: 500 },
            before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (req) => {
      const q = req.query as Record<string, string | number | undefined>;
      const labels =
        typeof q.labels === 'string'
          ? q.labels
              .split(',')
              .map((l) => l.trim())
              .filter(Boolean)
          : [];
      return s.archive.search(await s.scopeOf(req), {
        limit: Number(q.limit ?? 50),
        ...(q.personId ? { personId: String(q.personId) } : {}),
        ...(q.customerId ? { customerId: String(q.customerId) } : {}),
        ...(q.channel ? { channel: String(q.channel) } : {}),
        ...(q.conversationId ? { conversationId: String(q.conversationId) } : {}),
        ...(q.kind ? { kind: String(q.kind) } : {}),
        ...(q.from ? { from: new Date(String(q.from)) } : {}),
        ...(q.to ? { to: new Date(String(q.to)) } : {}),
        ...(q.words ? { words: String(q.words) } : {}),
        ...(labels.length ? { labels } : {}),
        ...(q.before ? { before: Number(q.before) } : {}),
      });
    },
  );
  app.get(
    `${base}/versions/:seq`,
    { schema: { tags, summary: 'One archived version with its original text (compliance; audited)', params: withParam('seq', { type: 'string', maxLength: 40, description: 'The chain position (1, 2, ...); anything else is 404.' }) } },
    async (req) => {
      const raw = (req.params as { seq: string }).seq;
      return s.archive.view(await s.scopeOf(req), /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : -1);
    },
  );
  app.get(`${base}/verify`, { schema: { tags, summary: "Recompute the workspace's archive chain in the store (compliance; audited)", params: workspaceParams } }, async (req) => s.archive.verify(await s.scopeOf(req)));

  app.get(`${base}/holds`, { schema: { tags, summary: 'Legal holds (compliance)', params: workspaceParams } }, async (req) => ({ holds: await s.archiveAdmin.listHolds(await s.scopeOf(req)) }));
  app.post(`${base}/holds`, { schema: { tags, summary: 'Place a legal hold by person, channel, conversation or date range (compliance)', params: workspaceParams, body: holdBody } }, async (req, reply) =>
    reply.status(201).send(await s.archiveAdmin.createHold(await s.scopeOf(req), req.body as never)),
  );
  app.post(`${base}/holds/:holdId/release`, { schema: { tags, summary: 'Release a legal hold (compliance)', params: withParam('holdId', uuid) } }, async (req) =>
    s.archiveAdmin.releaseHold(await s.scopeOf(req), (req.params as { holdId: string }).holdId),
  );

  app.get(`${base}/retention`, { schema: { tags, summary: 'Retention per channel ("*": every other channel) (compliance)', params: workspaceParams } }, async (req) => ({ retention: await s.archiveAdmin.retention(await s.scopeOf(req)) }));
  app.put(
    `${base}/retention`,
    {
      schema: {
        tags,
        summary: 'Set or remove (days: null) the retention of a channel or of every channel (compliance)',
        params: workspaceParams,
        body: { type: 'object', required: ['channel', 'days'], additionalProperties: false, properties: { channel: { type: 'string', minLength: 1, maxLength: 40 }, days: { type: ['integer', 'null'], minimum: 1, maximum: 36500 } } },
      },
    },
    async (req) => {
      const b = req.body as { channel: string; days: number | null };
      return { retention: await s.archiveAdmin.setRetention(await s.scopeOf(req), b.channel, b.days) };
    },
  );
  app.get(`${base}/purges`, { schema: { tags, summary: 'What each purge removed (compliance)', params: workspaceParams } }, async (req) => ({ purges: await s.archiveAdmin.purges(await s.scopeOf(req)) }));
  app.post(`${base}/purge`, { schema: { tags, summary: 'Purge now what is past retention and under no hold (compliance)', params: workspaceParams } }, async (req) => s.archiveAdmin.purgeNow(await s.scopeOf(req)));

  app.get(`${base}/exports`, { schema: { tags, summary: 'Export packages (compliance)', params: workspaceParams } }, async (req) => ({ exports: await s.archiveAdmin.listExports(await s.scopeOf(req)) }));
  app.post(
    `${base}/exports`,
    {
      schema: {
        tags,
        summary: 'Queue an export package for a worker: JSONL of versions, chain, attachments, manifest with SHA-256 and anchors (compliance)',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, properties: { from: when, to: when, personId: uuid, customerId: uuid } },
      },
    },
    async (req, reply) => reply.status(202).send(await s.archiveAdmin.createExport(await s.scopeOf(req), (req.body ?? {}) as never)),
  );
  app.get(`${base}/exports/:exportId`, { schema: { tags, summary: 'One export package (compliance)', params: withParam('exportId', uuid) } }, async (req) =>
    s.archiveAdmin.getExport(await s.scopeOf(req), (req.params as { exportId: string }).exportId),
  );
  app.get(`${base}/exports/:exportId/download`, { schema: { tags, summary: 'Download a finished package as a tar file (compliance; audited)', params: withParam('exportId', uuid) } }, async (req, reply) => {
    const { name, stream } = await s.archiveAdmin.download(await s.scopeOf(req), (req.params as { exportId: string }).exportId);
    const { Readable } = await import('node:stream');
    return reply.header('content-type', 'application/x-tar').header('content-disposition', `attachment; filename="${name}"`).send(Readable.from(stream));
  });
}
