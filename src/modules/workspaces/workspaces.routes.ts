import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { actorOf, scopeResolver, userOf, workspaceParams } from '../../http/context.js';
import { assertCan } from '../identity/scope.js';
import { invalid } from '../../platform/errors.js';

export function workspacesRoutes(app: FastifyInstance, s: Services): void {
  const tags = ['workspaces'];
  app.get('/api/v1/workspaces', { schema: { tags, summary: 'Workspaces I belong to' } }, async (req) => ({ workspaces: (await s.auth.me(userOf(req))).workspaces }));
  app.post('/api/v1/workspaces', {
    schema: {
      tags,
      summary: 'Create a workspace (instance administrators); the creator becomes its admin',
      body: { type: 'object', required: ['name', 'slug'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, slug: { type: 'string', minLength: 2, maxLength: 41 } } },
    },
  }, async (req, reply) => {
    const user = userOf(req);
    const workspace = await s.workspaces.create({ ...actorOf(req), isInstanceAdmin: user.is_instance_admin }, req.body as { name: string; slug: string });
    return reply.status(201).send({ workspace });
  });

  const scopeOf = scopeResolver(s.auth);
  app.get('/api/v1/w/:workspaceId/settings', { schema: { tags, summary: 'Workspace policies', params: workspaceParams } }, async (req) => ({ settings: await s.workspaces.settings((await scopeOf(req)).workspaceId) }));
  app.patch('/api/v1/w/:workspaceId/settings', {
    schema: {
      tags,
      summary: 'Change workspace policies (admins)',
      params: workspaceParams,
      body: { type: 'object', additionalProperties: false, properties: { keepOriginalPii: { type: 'boolean' }, timezone: { type: 'string', minLength: 1, maxLength: 64 }, requireMfa: { type: 'boolean', description: 'Admins and compliance must use two-factor sign-in (TOTP)' } } },
    },
  }, async (req) => {
    const scope = await scopeOf(req);
    assertCan(scope, 'settings.manage');
    const patch = req.body as { keepOriginalPii?: boolean; timezone?: string; requireMfa?: boolean };
    if (patch.timezone) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: patch.timezone });
      } catch {
        throw invalid('validation', 'Unknown timezone.', 'timezone');
      }
    }
    return { settings: await s.workspaces.updateSettings(scope.workspaceId, scope.actor, patch) };
  });
}
