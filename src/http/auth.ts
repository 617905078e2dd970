import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../platform/errors.js';
import type { Services } from '../app/services.js';
import { SESSION_TTL_MS } from '../modules/identity/auth.service.js';

export const SESSION_COOKIE = 'sotong_session';
export const CSRF_COOKIE = 'sotong_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is calling: a session cookie or a Bearer API token. Cookie sessions must echo the
 * session's CSRF token in `x-csrf-token` on every unsafe request (tokens are not sent by browsers
 * on their own, so they need none).
 */
export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('principal', null);
  app.addHook('preHandler', async (req) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.principal = await services.tokens.authenticate(header.slice(7).trim());
      if (!req.principal) throw new DomainError('unauthenticated', 'auth.invalid_token', 'The API token is not valid, or it was revoked or expired.');
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    req.principal = await services.auth.fromSession(token);
    if (req.principal && !SAFE.has(req.method) && req.headers['x-csrf-token'] !== req.principal.csrfToken) {
      throw new DomainError('forbidden', 'auth.csrf', 'The request is missing its CSRF token; reload the page.');
    }
  });
}

export function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string, secure: boolean): void {
  const common = { path: '/', sameSite: 'lax' as const, secure, maxAge: SESSION_TTL_MS / 1000 };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
