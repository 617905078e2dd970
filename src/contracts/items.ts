/** Items as the API shows them (GET /items, search, drill-downs, GET /items/live). Types only; dates are ISO strings. */

export interface ItemView {
  id: string;
  accountId: string;
  channel: string;
  nativeId: string;
  kind: string;
  author: { id: string; handle: string | null; name: string | null; followers: number | null; verified: boolean | null; profileUrl: string | null };
  parentNativeId: string | null;
  threadNativeId: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  url: string | null;
  isPrivate: boolean;
  direction: string;
  createdAt: string;
  receivedAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** Stored analysis (read defensively: its shape grew over time). */
  analysis: unknown;
}

/** GET /items: a page, newest first; `nextBefore` pages on. */
export interface ItemPage {
  items: ItemView[];
  nextBefore: string | null;
}

/** One message of GET /items/live (`event: item`). */
export interface ItemChange {
  change: 'created' | 'updated' | 'deleted';
  item: ItemView;
}
