import type { FastifyInstance } from 'fastify';
import type { Store } from '../../platform/db/store.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { assertCan } from '../../platform/access/scope.js';
import { listAudit } from './audit.service.js';

/** The services these routes use (the composition root passes all of its own). */
export interface AuditRouteServices {
  scopeOf: ScopeOf;
  store: Store;
}

export function auditRoutes(app: FastifyInstance, s: AuditRouteServices): void {
  const scopeOf = s.scopeOf;
  app.get(
    '/api/v1/w/:workspaceId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit trail of the workspace, newest first (admin and compliance)',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            action: { type: 'string', maxLength: 100 },
            actorId: { type: 'string', format: 'uuid' },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      assertCan(scope, 'audit.read');
      const q = req.query as { action?: string; actorId?: string; from?: string; to?: string; before?: number; limit: number };
      return listAudit(s.store, scope.workspaceId, {
        limit: q.limit,
        ...(q.action ? { action: q.action } : {}),
        ...(q.actorId ? { actorId: q.actorId } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.before ? { before: q.before } : {}),
      });
    },
  );
}
