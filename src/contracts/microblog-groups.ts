/** The microblog's groups, reports and ranking as JSON views (docs/microblog.md). Types only. */
import type { PersonView, PostView } from './microblog.js';

export interface GroupView {
  id: string;
  name: string;
  description: string;
  /** Closed: members join by request (an admin approves) or are added; only members read its posts. */
  closed: boolean;
  membersCount: number;
  /** The viewer's role, or null when not a member. */
  role: 'admin' | 'member' | null;
  /** The viewer asked to join (closed groups) and waits for an admin. */
  requested: boolean;
  /** Pending requests (group admins only; null for everyone else). */
  pendingCount: number | null;
  createdAt: string;
}

export interface GroupMemberView {
  person: PersonView;
  role: 'admin' | 'member';
  since: string;
}

export interface GroupRequestView {
  person: PersonView;
  note: string;
  createdAt: string;
}

/** Why a post is reported (Mastodon's spam, legal, violation and other map onto these). */
export type ReportCategory = 'personal_data' | 'confidential' | 'abuse' | 'spam' | 'legal' | 'other';

/** A report of a post, as moderators see it in the queue (the reporter is never shown to the author). */
export interface ReportView {
  id: string;
  category: ReportCategory;
  note: string;
  state: 'open' | 'dismissed' | 'removed';
  createdAt: string;
  /** Null when the moderator looking is the post's author. */
  reporter: PersonView | null;
  post: PostView;
}

export interface RankingRow {
  person: PersonView;
  score: number;
  favourites: number;
  boosts: number;
  replies: number;
}
