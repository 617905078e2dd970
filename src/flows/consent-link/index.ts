/**
 * The consent-link flow's public face (docs/ARCHITECTURE.md).
 */
export { consentLinkRoutes } from './consent-link.routes.js';
export { ConsentLinkFlow } from './consent-link.service.js';
export type { ConsentPage } from './consent-link.service.js';
export { signAssertion, type Assertion } from './token.js';
