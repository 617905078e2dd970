/**
 * The ingest module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { ingestRoutes } from './ingest.routes.js';
export { INGEST_QUEUE, IngestPipeline } from './pipeline.js';
export { Poller } from './poller.js';
export { StreamSupervisor } from './streams.js';
