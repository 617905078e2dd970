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
  /** API tokens: the current role of the member who made the token; a token never does more than its maker could. */
  readonly tokenCeiling?: Role;
  /** The acting user is an instance administrator (may manage identities, not only memberships). */
  readonly instanceAdmin?: boolean;
}

export function allows(scope: Scope, permission: Permission): boolean {
  if (scope.role) return can(scope.role, permission);
  // A token without a living maker can do nothing (authentication refuses it before this).
  return scope.tokenScopes && scope.tokenCeiling ? scopesAllow(scope.tokenScopes, permission) && can(scope.tokenCeiling, permission) : false;
}

export function assertCan(scope: Scope, permission: Permission): void {
  if (!allows(scope, permission)) throw forbidden();
}
