/**
 * The archive module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { ArchiveAdmin } from './archive.admin.js';
export type { ExportView, HoldInput, HoldView, RetentionView } from './archive.admin.js';
export { PACKAGE_FILES, PACKAGE_FORMAT } from './archive.export.js';
export type { ExportFilters, IdentityPeriod, Manifest } from './archive.export.js';
export { EXPORT_JOB, EXPORT_LEASE_MS, EXPORT_MAX_ATTEMPTS, ExportJobs } from './archive.jobs.js';
export { ATTACHMENTS_JOB, AttachmentFiles, FETCH_MAX_ATTEMPTS } from './attachments.jobs.js';
export { DEFAULT_FETCH_LIMITS, fetchAttachment, FetchRefused, isNonPublic } from './attachments.fetch.js';
export type { FetchLimits } from './attachments.fetch.js';
export { archiveRoutes } from './archive.routes.js';
export type { ArchiveRouteServices } from './archive.routes.js';
export { ArchiveService } from './archive.service.js';
export type { CustomerIdentities, SearchFilter, VersionDetail, VersionSummary } from './archive.service.js';
export { appendVersions } from './archive.store.js';
export type { VersionInput } from './archive.store.js';
export { verifyStoredChain } from './archive.purge.js';
export { PackageInputError, verifyPackage } from './archive.verify.js';
export type { PackageVerdict } from './archive.verify.js';
export { contentDigest, entryHash, GENESIS_HASH, VERSION_KINDS } from './chain.js';
export type { ArchiveBody, ArchiveEntry, Attachment, VersionKind } from './chain.js';
export type { ArchiveTables } from './archive.tables.js';
export const PURGE_JOB = 'archive.purge';
