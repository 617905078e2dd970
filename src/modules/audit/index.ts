/**
 * The audit module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { auditRoutes } from './audit.routes.js';
export { auditEntriesFor, verifyAudit } from './audit.service.js';
export { appendAudit, appendAuditMany, jsonParam, sealUnsigned, setAuditKey } from './audit.store.js';
export type { AuditTables } from './audit.store.js';
export {
  CHECKPOINT_FILE,
  CheckpointError,
  CheckpointWriter,
  checkpointIsSigned,
  parseCheckpoints,
  readCheckpoints,
  takeCheckpoint,
  verifyCheckpoints,
  type AuditCheckpoint,
  type CheckpointHead,
  type CheckpointProblem,
} from './checkpoint.js';
