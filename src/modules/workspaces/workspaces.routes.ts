import type { FastifyInstance } from 'fastify';
import type { WorkspacesService } from './workspaces.service.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { assertCan } from '../../platform/access/scope.js';
import { invalid } from '../../platform/errors.js';

/** The services these routes use (the composition root passes all of its own). */
export interface WorkspacesRouteServices {
  scopeOf: ScopeOf;
  workspaces: WorkspacesService;
}

export function workspacesRoutes(app: FastifyInstance, s: WorkspacesRouteServices): void {
  const tags = ['workspaces'];
  const scopeOf = s.scopeOf;
  app.get('/api/v1/w/:workspaceId/settings', { schema: { tags, summary: 'Workspace policies', params: workspaceParams } }, async (req) => ({ settings: await s.workspaces.settings((await scopeOf(req)).workspaceId) }));
  app.patch(
    '/api/v1/w/:workspaceId/settings',
    {
      schema: {
        tags,
        summary: 'Change workspace policies (admins)',
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { keepOriginalPii: { type: 'boolean' }, timezone: { type: 'string', minLength: 1, maxLength: 64 }, requireMfa: { type: 'boolean', description: 'Admins and compliance must use two-factor sign-in (TOTP)' } },
        },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      assertCan(scope, 'settings.manage');
      const patch = req.body as { keepOriginalPii?: boolean; timezone?: string; requireMfa?: boolean };
      // One clock for every workspace: Korea time (docs/adr/0004-one-clock.md).
      if (patch.timezone !== undefined && patch.timezone !== 'Asia/Seoul') throw invalid('validation', 'Sotong counts and shows Korea time (Asia/Seoul) in every workspace.', 'timezone');
      return { settings: await s.workspaces.updateSettings(scope.workspaceId, scope.actor, patch) };
    },
  );
}
