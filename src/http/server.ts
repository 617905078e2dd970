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
import type { Store } from '../platform/db/store.js';
import { sendError } from './errors.js';
import { registerMetrics } from './metrics.js';
import { ajvOnCreate, registerInputGuard } from './input-guard.js';

/** A module's routes: registers its paths, given the services it names (a slice of the composition root's). */
export type HttpRoutes<S> = (app: FastifyInstance, services: S) => void;

export interface ServerOptions<S extends { store: Store }> {
  logger: Logger;
  bodyLimit: number;
  /** false, or which proxies to trust for the client address: a number of hops or their addresses. Never `true` (that would take the left-most, client-written X-Forwarded-For). */
  trustProxy: false | number | string[];
  services: S;
  /** Resolves the caller (session or token) before any route runs. */
  authenticate: HttpRoutes<S>;
  /** Route plugins from modules; each registers its own paths. */
  routes: HttpRoutes<S>[];
  /** The built web UI; served with a fallback to index.html for client-side routes. */
  webRoot?: string;
}

export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * Content-Security-Policy: API and webhook answers may load nothing; the web UI only its own scripts,
 * connections (no inline script, no eval, no framing). Inline styles are allowed: the e-mail report
 * preview (a sandboxed srcdoc frame, which inherits this policy) and the chart library need them. Images may come from https (customers' avatars) and data: URLs.
 */
const CSP_API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const CSP_UI =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const CSP_DOCS = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
export function cspFor(url: string): string {
  if (url.startsWith('/docs')) return url.startsWith('/docs/json') || url.startsWith('/docs/yaml') ? CSP_API : CSP_DOCS;
  if (url.startsWith('/api/') || url.startsWith('/hooks/')) return CSP_API;
  // Uploaded files (the microblog's media): never a page, whatever a file holds.
  if (url.startsWith('/media/')) return "default-src 'none'; sandbox";
  return CSP_UI;
}

export async function buildServer<S extends { store: Store }>(opts: ServerOptions<S>): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit,
    // A number of hops trusts that many proxies nearest to us (hop 0 is the connecting one).
    trustProxy:
      typeof opts.trustProxy === 'number'
        ? (
            (hops) => (_addr: string, hop: number) =>
              hop < hops
          )(opts.trustProxy)
        : opts.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false }, onCreate: ajvOnCreate } as never,
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!reply.getHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', cspFor(req.url));
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
  opts.authenticate(app, opts.services);

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
