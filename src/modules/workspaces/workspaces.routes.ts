import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { actorOf, userOf } from '../../http/context.js';

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
}
