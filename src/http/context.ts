import type { FastifyRequest } from 'fastify';
import type { Scope } from '../platform/access/scope.js';

/** The path parameters of every workspace route. */
export const workspaceParams = {
  type: 'object',
  required: ['workspaceId'],
  properties: { workspaceId: { type: 'string', format: 'uuid' } },
} as const;

/**
 * Resolves the workspace in a request's path to the caller's scope (404 when not a member). Built
 * once by the composition root from the identity module and handed to every module's routes.
 */
export type ScopeOf = (req: FastifyRequest) => Promise<Scope>;
