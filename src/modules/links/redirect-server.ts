import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../../platform/log/log.js';
import { redirectRoute, type RedirectDeps } from './redirect.js';

/** The `links` role on its own: only the redirect and a health check, for running it apart from the web. */
export async function buildRedirectServer(d: RedirectDeps, opts: { logger: Logger; trustProxy: false | number | string[] }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    trustProxy:
      typeof opts.trustProxy === 'number'
        ? (
            (hops: number) => (_addr: string, hop: number) =>
              hop < hops
          )(opts.trustProxy)
        : opts.trustProxy,
    bodyLimit: 1024,
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
    done(null, payload);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  redirectRoute(app, d);
  app.setNotFoundHandler((_req, reply) => reply.status(404).type('text/plain; charset=utf-8').send('Not found'));
  return app;
}
