/**
 * The backup module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { backupWorkspace, restoreWorkspace } from './backup.service.js';
