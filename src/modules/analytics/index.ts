/**
 * The analytics module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { analyzeRoutes } from './analyze.routes.js';
