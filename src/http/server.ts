import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'kysely';
import type { Logger } from '../platform/log/log.js';
import type { Services } from '../app/services.js';
import { sendError } from './errors.js';
import { registerMetrics } from './metrics.js';
import { registerAuth } from './auth.js';
import { ajvOnCreate, registerInputGuard } from './input-guard.js';

export interface HttpRoutes {
  (app: FastifyInstance, services: Services): void;
}

export interface ServerOptions {
  logger: Logger;
  bodyLimit: number;
  trustProxy: boolean;
  services: Services;
  /** Route plugins from modules; each registers its own paths. */
  routes: HttpRoutes[];
  /** The built web UI; served with a fallback to index.html for client-side routes. */
  webRoot?: string;
}

export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit,
    trustProxy: opts.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false }, onCreate: ajvOnCreate } as never,
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!reply.getHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
  });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));

  registerInputGuard(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sotong API', version: '1', description: 'Social CRM for financial institutions. Cookie sessions (with x-csrf-token) or Bearer API tokens.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sotong_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  registerMetrics(app);
  registerAuth(app, opts.services);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(opts.services.store.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ error: { code: 'not_ready', message: 'The database is not reachable.' } });
    }
  });

  for (const routes of opts.routes) routes(app, opts.services);

  const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/docs') || req.url.startsWith('/hooks/');
    if (!isApi && req.method === 'GET' && hasWeb) {
      // Long-lived caching for hashed assets; the shell itself is always fresh.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'route.not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}.` } });
  });
  return app;
}
