/** Bus subjects the microblog publishes (fan-out, for streaming), with their payloads. */
export const MICROBLOG_EVENT = 'microblog.event';

export interface MicroblogEvent {
  workspaceId: string;
  kind: 'update' | 'delete' | 'status.update' | 'notification';
  postId?: number;
  authorId?: number;
  tags?: string[];
  /** direct posts: only these people (and the author) may see them. */
  audience?: number[] | null;
  /** The post's group: streams re-read the post as each viewer, so a closed group's post reaches members only. */
  groupId?: number;
  /** notification: whose, and which. */
  personId?: number;
  notificationId?: number;
}
