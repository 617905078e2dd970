/**
 * The audit module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { auditRoutes } from './audit.routes.js';
export { verifyAudit } from './audit.service.js';
export { appendAudit, appendAuditMany, jsonParam, sealUnsigned, setAuditKey } from './audit.store.js';
export type { AuditTables } from './audit.store.js';
