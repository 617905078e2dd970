/**
 * Who reads a group's posts: everyone in the workspace for an open group, members only for a closed one,
 * nobody once the group is deleted. Every read path of posts goes through `groupReadable` (in SQL, through
 * `visibleTo`) or `canReadGroup` (one row), so a closed group's posts never reach a non-member.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import type { Viewer } from './context.js';
import type { IdentityTables } from '../identity/index.js';
import type { GroupRow, MicroblogTables, PostRow } from './microblog.tables.js';

type AnyDb = Kysely<MicroblogTables & IdentityTables>;

/** SQL: the post's group (column `col`) is none, or one the person may read. */
export function groupReadable(personId: number | RawBuilder<unknown>, col: RawBuilder<unknown> = sql.ref('mb_posts.group_id')): RawBuilder<boolean> {
  return sql<boolean>`(${col} is null or exists (select 1 from mb_groups g where g.id = ${col} and g.deleted_at is null and (g.closed = false or exists (select 1 from mb_group_members gm where gm.group_id = g.id and gm.person_id = ${personId}))))`;
}

export const groupNotFound = () => notFound('microblog.group_not_found', 'No such group.');
export const membersOnly = () => new DomainError('forbidden', 'microblog.group_members_only', 'Only members of this group can do this.');

/** The group (not deleted, in the viewer's workspace) and the viewer's role in it. */
export async function groupAccess(db: AnyDb, v: Viewer, groupId: number): Promise<{ group: GroupRow; role: 'admin' | 'member' | null }> {
  const group = await db.selectFrom('mb_groups').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', groupId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!group) throw groupNotFound();
  const m = await db.selectFrom('mb_group_members').select('role').where('group_id', '=', groupId).where('person_id', '=', v.person.id).executeTakeFirst();
  return { group, role: m?.role ?? null };
}

export async function canReadGroup(db: AnyDb, v: Viewer, groupId: number): Promise<boolean> {
  const g = await db.selectFrom('mb_groups').select('closed').where('workspace_id', '=', v.scope.workspaceId).where('id', '=', groupId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!g) return false;
  if (!g.closed) return true;
  const m = await db.selectFrom('mb_group_members').select('role').where('group_id', '=', groupId).where('person_id', '=', v.person.id).executeTakeFirst();
  return !!m;
}

/**
 * The group a new post goes into: a reply inherits its thread's group (naming another is refused); else
 * the group asked for, which the author must be a member of.
 */
export async function groupForPost(db: AnyDb, v: Viewer, asked: string | number | null | undefined, parent: PostRow | null): Promise<number | null> {
  const raw = asked === undefined || asked === null || asked === '' ? null : String(asked);
  if (raw !== null && !/^[1-9]\d{0,15}$/.test(raw)) throw groupNotFound();
  const wanted = raw === null ? null : Number(raw);
  if (parent && wanted !== null && parent.group_id !== wanted) throw invalid('microblog.group_mismatch', 'A reply stays in the group of its thread.', 'groupId');
  const id = parent ? parent.group_id : wanted;
  if (id === null) return null;
  const { role } = await groupAccess(db, v, id);
  if (!role) throw membersOnly();
  return id;
}

/** Of these people, the ones who may read a post of this group (mentions and replies notify only them). */
export async function readersAmong(db: AnyDb, groupId: number | null, people: number[]): Promise<number[]> {
  if (groupId === null || people.length === 0) return people;
  const g = await db.selectFrom('mb_groups').select(['closed', 'deleted_at']).where('id', '=', groupId).executeTakeFirst();
  if (!g || g.deleted_at) return [];
  if (!g.closed) return people;
  const rows = await db.selectFrom('mb_group_members').select('person_id').where('group_id', '=', groupId).where('person_id', 'in', people).execute();
  const ok = new Set(rows.map((r) => r.person_id));
  return people.filter((p) => ok.has(p));
}
