import { sql } from 'kysely';
import type { Ctx } from './context.js';

/** One version of a microblog post as the archive keeps it (creation, each edit) or its deletion. */
export interface MicroblogRecord {
  kind: 'created' | 'edited' | 'deleted';
  workspaceId: string;
  postId: number;
  version: number | null;
  at: Date;
  author: { id: number; username: string; displayName: string; department: string | null };
  text: string;
  spoiler: string;
  visibility: string;
  replyToId: number | null;
  threadRootId: number | null;
  group: { id: number; name: string; closed: boolean } | null;
  state: string;
  media: Array<{ type: string; url: string; mimeType: string | null; fileName: string; sha256: string }>;
}

export interface FeedCursor {
  at: string;
  postId: number;
  version: number;
}

const START: FeedCursor = { at: '1970-01-01T00:00:00.000Z', postId: 0, version: 0 };

/**
 * The microblog's posts for the archive, in the order they happened: every version (the first and each
 * edit, held ones too — a held post is still a communication) and every deletion, after a cursor.
 */
export class MicroblogArchiveFeed {
  constructor(private readonly ctx: Ctx) {}

  async versionsAfter(cursor: FeedCursor | null, limit: number): Promise<{ records: MicroblogRecord[]; next: FeedCursor | null }> {
    const c = cursor ?? START;
    const rows = await sql<Row & { version: number; v_text: string; v_spoiler: string; v_at: Date }>`
      select ${sql.raw(COLUMNS)}, v.version, v.text as v_text, v.spoiler as v_spoiler, v.created_at as v_at
      from mb_post_versions v join mb_posts p on p.id = v.post_id join mb_people pe on pe.id = p.author_id left join mb_groups g on g.id = p.group_id
      where (v.created_at, v.post_id, v.version) > (${new Date(c.at)}::timestamptz, ${c.postId}::bigint, ${c.version}::int)
      order by v.created_at, v.post_id, v.version limit ${limit}`.execute(this.ctx.db);
    const media = await this.media(rows.rows.map((r) => Number(r.id)));
    const records = rows.rows.map((r) => record(r, r.version === 1 ? 'created' : 'edited', Number(r.version), new Date(r.v_at), r.v_text, r.v_spoiler, media.get(Number(r.id)) ?? []));
    const last = rows.rows.at(-1);
    return { records, next: last ? { at: new Date(last.v_at).toISOString(), postId: Number(last.id), version: Number(last.version) } : null };
  }

  async deletionsAfter(cursor: FeedCursor | null, limit: number): Promise<{ records: MicroblogRecord[]; next: FeedCursor | null }> {
    const c = cursor ?? START;
    const rows = await sql<Row>`
      select ${sql.raw(COLUMNS)}
      from mb_posts p join mb_people pe on pe.id = p.author_id left join mb_groups g on g.id = p.group_id
      where p.deleted_at is not null and (p.deleted_at, p.id) > (${new Date(c.at)}::timestamptz, ${c.postId}::bigint)
      order by p.deleted_at, p.id limit ${limit}`.execute(this.ctx.db);
    const records = rows.rows.map((r) => record(r, 'deleted', null, new Date(r.deleted_at!), '', '', []));
    const last = rows.rows.at(-1);
    return { records, next: last ? { at: new Date(last.deleted_at!).toISOString(), postId: Number(last.id), version: 0 } : null };
  }

  private async media(postIds: number[]): Promise<Map<number, MicroblogRecord['media']>> {
    const out = new Map<number, MicroblogRecord['media']>();
    if (!postIds.length) return out;
    const rows = await this.ctx.db
      .selectFrom('mb_media')
      .select(['post_id', 'kind', 'id', 'token', 'content_type', 'file_name', 'sha256'])
      .where('post_id', 'in', [...new Set(postIds)])
      .orderBy('id')
      .execute();
    for (const m of rows) {
      const list = out.get(Number(m.post_id)) ?? [];
      list.push({ type: m.kind === 'image' ? 'image' : 'file', url: `/media/${m.id}/${m.token}`, mimeType: m.content_type, fileName: m.file_name, sha256: m.sha256 });
      out.set(Number(m.post_id), list);
    }
    return out;
  }
}

const COLUMNS = `p.id, p.workspace_id, p.visibility, p.reply_to_id, p.thread_root_id, p.state, p.deleted_at,
  pe.id as person_id, pe.username, pe.display_name, pe.department, g.id as group_id, g.name as group_name, g.closed as group_closed`;

interface Row {
  id: number;
  workspace_id: string;
  visibility: string;
  reply_to_id: number | null;
  thread_root_id: number | null;
  state: string;
  deleted_at: Date | null;
  person_id: number;
  username: string;
  display_name: string;
  department: string | null;
  group_id: number | null;
  group_name: string | null;
  group_closed: boolean | null;
}

function record(r: Row, kind: MicroblogRecord['kind'], version: number | null, at: Date, text: string, spoiler: string, media: MicroblogRecord['media']): MicroblogRecord {
  return {
    kind,
    workspaceId: r.workspace_id,
    postId: Number(r.id),
    version,
    at,
    author: { id: Number(r.person_id), username: r.username, displayName: r.display_name, department: r.department },
    text,
    spoiler,
    visibility: r.visibility,
    replyToId: r.reply_to_id === null ? null : Number(r.reply_to_id),
    threadRootId: r.thread_root_id === null ? null : Number(r.thread_root_id),
    group: r.group_id === null ? null : { id: Number(r.group_id), name: r.group_name ?? '', closed: !!r.group_closed },
    state: r.state,
    media,
  };
}
