/** What the microblog shows: people, posts, polls, notifications (ids as strings, times as ISO). */
import type { NotificationView, PersonView, PollView, PostVersionView, PostView } from '../../contracts/microblog.js';
import type { PersonRow } from './microblog.tables.js';

export type { NotificationView, PersonView, PollView, PostVersionView, PostView };

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
