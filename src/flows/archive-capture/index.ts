/**
 * The archive-capture flow's face: items ingested, replies sent and conversations joined → archive versions.
 */
export { ARCHIVE_QUEUE, ArchiveCapture, attachmentsOf } from './capture.js';
export { MICROBLOG_CAPTURE_JOB, MicroblogCapture } from './microblog.js';
