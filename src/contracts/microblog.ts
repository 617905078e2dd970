/** The microblog's JSON views (`/api/v1/w/:ws/microblog`, docs/microblog.md): people, posts, polls, notifications, tags. Types only; ids as strings, dates as ISO strings. */

export interface HoldReason {
  /** personal_data (with the PII type in `kind`), confidential (the marker in `kind`) or file (an attachment's type or name, in `kind`). */
  type: 'personal_data' | 'confidential' | 'file';
  kind: string;
  /** Where in the text (UTF-16 offsets); the matched text itself is never stored here. */
  start: number;
  end: number;
  message: string;
}

/** An uploaded image or file (`MediaService`). */
export interface MediaView {
  id: string;
  /** 'image' or, for any other file, 'unknown' (Mastodon's word for a file it cannot show inline). */
  type: 'image' | 'unknown';
  url: string;
  fileName: string;
  contentType: string;
  size: number;
  description: string;
  holdReasons: HoldReason[];
}

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
  /** The group the post was made in (docs/microblog.md, Groups); absent or null outside groups. */
  group?: { id: string; name: string; closed: boolean } | null;
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

export interface TagView {
  name: string;
  postsCount: number;
  peopleCount: number;
  following: boolean;
}

/** What a tag holds, for its page: the curators' description and a part computed from its posts. */
export interface TagSummary {
  /** Written by a curator (empty until someone writes it). */
  description: string;
  describedBy: PersonView | null;
  describedAt: string | null;
  /** Visible posts of the tag, the people who wrote them, and the span they cover. */
  postsCount: number;
  peopleCount: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Top keywords (lemmas, by how many of the sampled posts use them) of the newest `sampled` posts. */
  keywords: Array<{ term: string; posts: number }>;
  sampled: number;
  /** The most-engaged posts' first sentences, with their reactions. */
  highlights: Array<{ postId: string; author: PersonView; sentence: string; favourites: number; boosts: number; replies: number; createdAt: string }>;
}

export interface TagPage {
  tag: TagView;
  best: PostView[];
  contributors: Array<{ person: PersonView; posts: number }>;
  related: Array<{ name: string; count: number }>;
  /** Posts pinned by curators, in their order (shown first). */
  pinned: PostView[];
  /** Tags merged into this one (they answer as this tag). */
  aliases: string[];
  summary: TagSummary;
}

/** The result of merging a tag into another. */
export interface TagMergeView {
  from: string;
  into: TagView;
  posts: number;
  followers: number;
  pins: number;
}
