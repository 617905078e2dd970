/**
 * The import module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { importRoutes } from './import.routes.js';
export { ImportService } from './import.service.js';
