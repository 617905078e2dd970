import type { FastifyRequest } from 'fastify';
import type { Actor } from '../platform/actor.js';
import { unauthenticated } from '../platform/errors.js';
import type { AuthService, Principal } from '../modules/identity/auth.service.js';
import type { Scope } from '../modules/identity/scope.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

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

export const workspaceParams = {
  type: 'object',
  required: ['workspaceId'],
  properties: { workspaceId: { type: 'string', format: 'uuid' } },
} as const;
