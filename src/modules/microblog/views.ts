import type { MediaView } from './media.service.js';
/** What the microblog shows: people, posts, polls, notifications (ids as strings, times as ISO). */
import type { HoldReason, PersonRow } from './microblog.tables.js';

export interface PersonView {
  id: string;
  username: string;
  displayName: string;
  department: string;
  title: string;
  extension: string;
  photo: string | null;
  active: boolean;
  createdAt: string;
  postsCount: number;
  followersCount: number;
  followingCount: number;
}

export interface PollView {
  id: string;
  expiresAt: string | null;
  expired: boolean;
  multiple: boolean;
  votesCount: number;
  votersCount: number;
  options: Array<{ title: string; votesCount: number }>;
  voted: boolean;
  ownVotes: number[];
}

export interface PostView {
  id: string;
  createdAt: string;
  editedAt: string | null;
  text: string;
  spoiler: string;
  visibility: string;
  author: PersonView;
  replyToId: string | null;
  replyToAuthorId: string | null;
  reblog: PostView | null;
  state: 'visible' | 'held' | 'deleted';
  holdReasons: HoldReason[];
  tags: string[];
  mentions: Array<{ id: string; username: string; displayName: string }>;
  poll: PollView | null;
  /** Images and files shown with the post (`/media/<id>/<token>` addresses, relative to the server). */
  media: MediaView[];
  repliesCount: number;
  reblogsCount: number;
  favouritesCount: number;
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
}

export interface NotificationView {
  id: string;
  type: 'mention' | 'reblog' | 'favourite' | 'follow' | 'poll' | 'status' | 'held' | 'released';
  createdAt: string;
  from: PersonView;
  post: PostView | null;
}

export interface PostVersionView {
  version: number;
  text: string;
  spoiler: string;
  createdAt: string;
}

export const iso = (d: Date | string) => new Date(d).toISOString();

export function presentPerson(r: PersonRow, counts: { posts: number; followers: number; following: number }): PersonView {
  return {
    id: String(r.id),
    username: r.username,
    displayName: r.display_name,
    department: r.department,
    title: r.title,
    extension: r.extension,
    photo: r.photo,
    active: r.active,
    createdAt: iso(r.created_at),
    postsCount: counts.posts,
    followersCount: counts.followers,
    followingCount: counts.following,
  };
}
