/** The items module's bus events (owned here; the ingest flow publishes them, others subscribe). */

/** An item that is new or changed by this batch: what `item.ingested` announces. */
export interface IngestedItem {
  id: string;
  workspaceId: string;
  accountId: string;
  nativeId: string;
  version: number;
  change: 'created' | 'updated' | 'deleted';
}

/** One message per write batch: `{ items: IngestedItem[] }` (all of one workspace). */
export const INGESTED_SUBJECT = 'item.ingested';
export interface IngestedBatch {
  workspaceId: string;
  items: IngestedItem[];
}
