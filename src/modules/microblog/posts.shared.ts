/** What the microblog's post services share: limits, the input and result of posting, and writing a notification. */
import type { Transaction } from 'kysely';
import type { IdentityTables } from '../identity/index.js';
import type { MicroblogTables } from './microblog.tables.js';
import type { PostView } from './views.js';

export const MAX_POST_CHARS = 5000;
export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
/** A transaction over the microblog's tables and the identity tables it reads. */
export type Trx = Transaction<MicroblogTables & IdentityTables>;

export interface NewPost {
  text: string;
  spoiler?: string;
  visibility?: string;
  replyToId?: string | number | null;
  poll?: { options: string[]; expiresInSeconds?: number; multiple?: boolean } | null;
  idempotencyKey?: string | null;
  /** The author's uploads to show in the post (`MediaService.upload`), at most four. */
  mediaIds?: readonly (string | number)[];
  /** The group to post into (the author must be a member); a reply inherits its thread's group. */
  groupId?: string | number | null;
}

/** A post the guideline screen held: the author sees it with its reasons; nobody else sees it. */
export interface PostResult {
  post: PostView;
  held: boolean;
}

/** Records a notification (never to oneself); returns its id for streaming. */
export async function notify(trx: Trx, workspaceId: string, personId: number, type: string, fromId: number, postId: number | null, at: Date): Promise<{ id: number; personId: number } | null> {
  if (personId === fromId) return null;
  const row = await trx.insertInto('mb_notifications').values({ workspace_id: workspaceId, person_id: personId, type, from_id: fromId, post_id: postId, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, personId };
}
