/** HTTP: the demo workspace's crisis drill (replays the scripted outage spike; src/app/crisis-drill.ts). */
import type { FastifyInstance } from 'fastify';
import { workspaceParams } from '../http/context.js';
import { CrisisDrill } from './crisis-drill.js';
import type { Services } from './services.js';

const P = '/api/v1/w/:workspaceId/demo/crisis-drill';
const tags = ['demo'];

export function crisisDrillRoutes(app: FastifyInstance, s: Services): void {
  const scopeOf = s.scopeOf;
  const drill = new CrisisDrill(s);
  app.addHook('onClose', () => drill.close());

  app.get(P, { schema: { tags, summary: 'Whether this workspace can run a crisis drill (the demo workspace) and whether one is running', params: workspaceParams } }, async (req) => ({ drill: await drill.state(await scopeOf(req)) }));
  app.post(
    P,
    {
      schema: {
        tags,
        summary: 'Run a crisis drill: replay the scripted outage spike (about 40 negative posts) into the demo workspace, then check for spikes (409 `demo.not_demo_workspace` elsewhere, `demo.drill_running` while one runs)',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, properties: { durationSeconds: { type: 'integer', minimum: 0, maximum: 600, description: 'Wall time the posts are spread over (default 30)' } } },
      },
    },
    async (req, reply) => reply.status(202).send(await drill.start(await scopeOf(req), (req.body ?? {}) as { durationSeconds?: number })),
  );
}
