/**
 * The tokens module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { tokensRoutes } from './tokens.routes.js';
export { TokensService } from './tokens.service.js';
