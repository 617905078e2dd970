/**
 * The identity module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { AuthService } from './auth.service.js';
export type { Principal } from './auth.service.js';
export { actorOf, principalOf, registerAuth, scopeResolver, userOf } from './http.js';
export { IdentityCache } from './identity-cache.js';
export { identityRoutes } from './identity.routes.js';
export type { IdentityTables } from './identity.store.js';
export { generatePassword } from './passwords.js';
export { UsersService, createMember } from './users.service.js';
export { MfaService } from './mfa.service.js';
export { mfaRoutes } from './mfa.routes.js';
export { OidcService } from './oidc.service.js';
export type { OidcConfig } from './oidc.service.js';
export { oidcRoutes } from './oidc.routes.js';
export { SessionsService } from './sessions.service.js';
