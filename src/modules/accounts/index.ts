/**
 * The accounts module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { accountsRoutes } from './accounts.routes.js';
export { ACCOUNT_CHANGED_SUBJECT, AccountsService } from './accounts.service.js';
export type { AccountRow, AccountsTables } from './accounts.tables.js';
