import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import { DomainError, unauthenticated } from '../../platform/errors.js';
import type { Scope } from '../../platform/access/scope.js';
import { SESSION_TTL_MS, type AuthService, type Principal } from './auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'sotong_session';
export const CSRF_COOKIE = 'sotong_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthenticated();
  return req.principal;
}

/** A signed-in person (API tokens cannot act as a user). */
export function userOf(req: FastifyRequest) {
  const p = principalOf(req);
  if (!p.user) throw unauthenticated('auth.user_required', 'This needs a signed-in user, not an API token.');
  return p.user;
}

export function actorOf(req: FastifyRequest): Actor {
  const p = principalOf(req);
  if (p.user) return { userId: p.user.id, label: p.user.email, ip: req.ip };
  return { userId: null, tokenId: p.token!.id, label: `token:${p.token!.name}`, ip: req.ip };
}

/** Resolves the workspace in the path to the caller's scope (404 when not a member). */
export function scopeResolver(auth: AuthService) {
  return (req: FastifyRequest): Promise<Scope> => {
    const { workspaceId } = req.params as { workspaceId: string };
    return auth.scopeFor(principalOf(req), workspaceId, req.ip);
  };
}

/**
 * Resolves who is calling: a session cookie or a Bearer API token. Cookie sessions must echo the
 * session's CSRF token in `x-csrf-token` on every unsafe request (tokens are not sent by browsers
 * on their own, so they need none).
 */
export function registerAuth(app: FastifyInstance, services: { auth: AuthService; tokens: { authenticate(token: string): Promise<Principal | null> } }): void {
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
