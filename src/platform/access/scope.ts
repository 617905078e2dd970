import type { Actor } from '../actor.js';
import { forbidden } from '../errors.js';
import { can, scopesAllow, type Permission, type Role } from './roles.js';

/**
 * What a request may touch: one workspace, as one actor. Store functions that read or write
 * workspace rows take a Scope, so a query cannot be written without its workspace.
 */
export interface Scope {
  readonly workspaceId: string;
  readonly actor: Actor;
  /** The member's role; null for API tokens, which carry scopes instead. */
  readonly role: Role | null;
  readonly tokenScopes: readonly string[] | null;
}

export function allows(scope: Scope, permission: Permission): boolean {
  if (scope.role) return can(scope.role, permission);
  return scope.tokenScopes ? scopesAllow(scope.tokenScopes, permission) : false;
}

export function assertCan(scope: Scope, permission: Permission): void {
  if (!allows(scope, permission)) throw forbidden();
}
