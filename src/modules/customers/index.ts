/**
 * The customers module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { ConsentStore, DEFAULT_PURPOSE } from './consent.store.js';
export type { ConsentRequestRow, ConsentSettingsView, LinkRow, LinkView } from './consent.store.js';
export { createCustomers } from './customers.module.js';
export type { Customers } from './customers.module.js';
export { customersRoutes } from './customers.routes.js';
export { CustomersService, LIFECYCLES } from './customers.service.js';
export type { CustomerView, ImportResult } from './customers.service.js';
export type { CustomersTables } from './customers.tables.js';
export { CustomerLinksService } from './links.service.js';
export { CUSTOMER_FIELDS, OPT_OUTS, parseCustomersCsv } from './mapping.js';
export type { CustomerRecord, Mapping } from './mapping.js';
