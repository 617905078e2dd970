/**
 * The archive's JSON views (`/api/v1/w/:ws/archive`, docs/archive.md): message versions (the entry its hash
 * covers, as exported too), holds, retention, export packages. Types only; dates are ISO strings.
 */

export type VersionKind = 'received' | 'sent' | 'edited' | 'deleted' | 'moved_private' | 'redacted';

export interface Attachment {
  type: string;
  url: string;
  mimeType: string | null;
  /** SHA-256 of the attachment's reference (type, url, mime type): what the channel said it carried. */
  ref: string;
  /** SHA-256 of the file's bytes when the file is held; null when only the reference is. */
  sha256: string | null;
}

/** A message version as its hash covers it: the same object in the store, in an export and in a verifier. */
export interface ArchiveEntry {
  workspaceId: string;
  seq: number;
  prevHash: string;
  recordedAt: string;
  occurredAt: string;
  kind: VersionKind;
  source: string;
  sourceId: string;
  channel: string;
  accountId: string | null;
  nativeId: string | null;
  conversationId: string | null;
  authorId: string | null;
  authorLabel: string | null;
  direction: string;
  isPrivate: boolean;
  itemVersion: number | null;
  labels: string[];
  meta: Record<string, unknown>;
  attachments: Attachment[];
  /** The text as shown to everyone else (personal data masked). */
  textMasked: string;
  /** Digest of the original body (kept encrypted): sha256(nonce + "\n" + canonical body). */
  content: { nonce: string; sha256: string };
}

/** The original, kept encrypted in the store and in clear in an export. */
export interface ArchiveBody {
  title: string | null;
  text: string;
}

export interface VersionSummary {
  seq: number;
  occurredAt: string;
  recordedAt: string;
  kind: string;
  channel: string;
  direction: string;
  isPrivate: boolean;
  author: { id: string | null; label: string | null };
  conversationId: string | null;
  nativeId: string | null;
  labels: string[];
  attachments: number;
  /** Personal data masked: the original is read one version at a time (`view`), audited. */
  text: string;
}

export interface VersionDetail {
  entry: ArchiveEntry;
  hash: string;
  original: ArchiveBody;
}

export interface HoldView {
  id: string;
  name: string;
  reason: string;
  personId: string | null;
  /** The person's name as the archive recorded it (null when the hold names no person, or none is archived). */
  personLabel: string | null;
  channel: string | null;
  conversationId: string | null;
  from: string | null;
  to: string | null;
  createdAt: string;
  createdBy: string | null;
  releasedAt: string | null;
}

export interface RetentionView {
  channel: string;
  days: number;
  updatedAt: string;
}

export interface ExportView {
  id: string;
  /** queued: waiting for a worker; running: a worker holds it under a lease; done / failed (with `error`). */
  status: 'queued' | 'running' | 'done' | 'failed';
  filters: { from: string | null; to: string | null; personId: string | null; customerId?: string | null };
  /** How many times a worker started writing it (more than 1: a worker stopped mid-export and another restarted it). */
  attempts?: number;
  createdAt: string;
  finishedAt: string | null;
  versions: number | null;
  bytes: number | null;
  head: { seq: number; hash: string } | null;
  error: string | null;
}
